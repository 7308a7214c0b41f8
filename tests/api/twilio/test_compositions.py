"""Twilio Recordings and Compositions through the official SDK: imported tracks in, a checked
composed file out, paging, filters and errors."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from roomcast.bootstrap import Container
from roomcast.core.compositions import Composition, CompositionStatus
from roomcast.core.errors import NotFound
from roomcast.core.media import OutputFormat
from roomcast.core.storage import composition_key
from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.api.conftest import upload_track
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.media import (
    BLUE,
    GREEN,
    RED,
    YELLOW,
    Clip,
    audio_samples,
    colour_near,
    frame_at,
    tones,
    write_clip,
)


def _room_with_tracks(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> str:
    room = twilio.video.v1.rooms.create(unique_name=f"class-{uuid.uuid4().hex[:6]}")
    room_id = uuid.UUID(hex=room.sid[2:])
    for i, name in enumerate(["alice", "bob", "carol", "dave"]):
        upload_track(base_url, account, room_id, clips[name], f"{name}-cam", offset=i * 0.25)
    return room.sid


def test_recordings_appear_as_twilio_track_recordings(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> None:
    room_sid = _room_with_tracks(twilio, base_url, account, clips)
    recordings = twilio.video.v1.rooms(room_sid).recordings.list()
    assert len(recordings) == 8
    assert all(r.sid.startswith("RT") for r in recordings)
    by_kind = {(r.track_name, r.type) for r in recordings}
    assert ("carol-cam", "video") in by_kind and ("carol-cam", "audio") in by_kind
    carol = next(r for r in recordings if r.track_name == "carol-cam" and r.type == "video")
    assert carol.offset == 500
    assert carol.container_format == "mkv" and carol.codec == "VP8"
    assert twilio.video.v1.recordings(carol.sid).fetch().grouping_sids["room_sid"] == room_sid


def test_a_composition_renders_and_its_media_downloads(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path],
    worker: InProcessWorker, tmp_path: Path,
) -> None:  # fmt: skip
    room_sid = _room_with_tracks(twilio, base_url, account, clips)
    composition = twilio.video.v1.compositions.create(
        room_sid=room_sid,
        video_layout={"grid": {"video_sources": ["*-cam"]}},
        audio_sources=["alice*", "dave*"],
        resolution="320x240",
        format="mp4",
        trim=True,
    )
    assert composition.sid.startswith("CJ")
    assert composition.status == "enqueued"
    assert composition.video_layout["grid"]["reuse"] == "show_oldest"
    assert composition.audio_sources == ["alice*", "dave*"]

    deadline = time.monotonic() + 90
    while (fetched := twilio.video.v1.compositions(composition.sid).fetch()).status in (
        "enqueued",
        "processing",
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert fetched.status == "completed"
    assert fetched.duration == 2 and fetched.size > 0 and fetched.bitrate > 0
    assert fetched.date_completed is not None

    # The Media sub-resource, as Twilio's own snippet reads it: no redirect following.
    reply = twilio.request(
        "GET", f"{base_url}/v1/Compositions/{composition.sid}/Media", params={"Ttl": 60}
    )
    assert reply.status_code == 302
    url = json.loads(reply.text)["redirect_to"]
    media = httpx.get(url)
    assert media.status_code == 200 and media.headers["content-type"] == "video/mp4"
    out = tmp_path / "composition.mp4"
    out.write_bytes(media.content)
    picture = frame_at(out, 1.2)
    for (x, y), colour in zip(
        [(80, 60), (240, 60), (80, 180), (240, 180)], [RED, GREEN, BLUE, YELLOW], strict=True
    ):
        assert colour_near(picture, x, y, colour), (x, y)
    assert tones(audio_samples(out), 0.9, 1.4) == {440, 1100}
    assert httpx.get(url, headers={"Range": "bytes=10-19"}).content == media.content[10:20]
    assert httpx.get(url.replace("MediaFiles/", "MediaFiles/x")).status_code in (401, 404)

    twilio.video.v1.compositions(composition.sid).delete()
    assert twilio.video.v1.compositions(composition.sid).fetch().status == "deleted"
    assert httpx.get(url).status_code == 404


def _seed_compositions(
    container: Container, account: AccountKeys, room_sid: str, count: int
) -> None:
    room_id = uuid.UUID(hex=room_sid[2:])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with container.transaction() as repos:
        session = repos.sessions.latest_session(account.account.id, room_id)
        assert session is not None
        for i in range(count):
            repos.compositions.add(
                Composition(
                    id=uuid.uuid4(),
                    account_id=account.account.id,
                    room_id=room_id,
                    session_id=session.id,
                    video_layout={},
                    audio_sources=("*",),
                    audio_sources_excluded=(),
                    resolution="640x480",
                    format=OutputFormat.MP4,
                    trim=True,
                    created_at=start + timedelta(hours=i),
                    status=CompositionStatus.COMPLETED if i % 3 else CompositionStatus.FAILED,
                )
            )


def test_paging_through_120_compositions_and_every_filter(
    twilio: Client,
    base_url: str,
    account: AccountKeys,
    clips: dict[str, Path],
    container: Container,
) -> None:
    room_a = _room_with_tracks(twilio, base_url, account, clips)
    room_b = twilio.video.v1.rooms.create(unique_name="other").sid
    upload_track(base_url, account, uuid.UUID(hex=room_b[2:]), clips["alice"], "x")
    _seed_compositions(container, account, room_a, 100)
    _seed_compositions(container, account, room_b, 20)
    compositions = twilio.video.v1.compositions

    streamed = list(compositions.stream(page_size=7))
    assert len(streamed) == 120
    assert len({c.sid for c in streamed}) == 120
    created = [c.date_created for c in streamed]
    assert created == sorted(created, reverse=True)  # newest first
    assert len(compositions.list(limit=55)) == 55
    assert len(compositions.list(limit=130, page_size=100)) == 120

    assert len(compositions.list(room_sid=room_b)) == 20
    failed = compositions.list(status="failed")
    assert len(failed) == 34 + 7 and all(c.status == "failed" for c in failed)
    window = compositions.list(
        date_created_after=datetime(2026, 1, 2, tzinfo=UTC),
        date_created_before=datetime(2026, 1, 3, tzinfo=UTC),
    )
    assert len(window) == 24  # hours 24..47 of room A; room B has only hours 0..19
    assert all(
        datetime(2026, 1, 2, tzinfo=UTC) <= c.date_created < datetime(2026, 1, 3, tzinfo=UTC)
        for c in window
    )

    page = compositions.page(page_size=50)
    meta = page._payload["meta"]
    assert set(meta) == {
        "page",
        "page_size",
        "first_page_url",
        "previous_page_url",
        "url",
        "next_page_url",
        "key",
    }
    assert meta["key"] == "compositions" and meta["page"] == 0 and meta["page_size"] == 50
    assert meta["previous_page_url"] is None and meta["next_page_url"].startswith(base_url)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"resolution": "2000x100"}, 400, 20001),
        ({"resolution": "1280x800"}, 400, 20001),  # over 921,600 pixels
        ({"resolution": "15x100"}, 400, 20001),
        ({"video_layout": {"g": {"z_pos": 100, "video_sources": ["*"]}}}, 400, 20001),
        ({"video_layout": {"g": {"video_sources": ["nobody"]}}}, 400, 20001),
        ({"format": "avi"}, 400, 20001),
        ({}, 400, 20001),  # neither VideoLayout nor AudioSources
    ],
)
def test_bad_compositions_raise_the_sdk_exception(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path],
    kwargs: dict[str, object], status: int, code: int,
) -> None:  # fmt: skip
    room_sid = _room_with_tracks(twilio, base_url, account, clips)
    args = (
        {"room_sid": room_sid, "audio_sources": ["*"], **kwargs}
        if kwargs
        else {"room_sid": room_sid}
    )
    if "video_layout" in kwargs:
        args.pop("audio_sources")
    with pytest.raises(TwilioRestException) as caught:
        twilio.video.v1.compositions.create(**args)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert twilio.video.v1.compositions.list() == []


def test_a_bad_room_sid_is_404(twilio: Client) -> None:
    for room_sid in ("RM" + "f" * 32, "RMnot-hex"):
        with pytest.raises(TwilioRestException) as caught:
            twilio.video.v1.compositions.create(room_sid=room_sid, audio_sources=["*"])
        assert (caught.value.status, caught.value.code) == (404, 20404)


def test_recording_filters_media_and_delete(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> None:
    room_sid = _room_with_tracks(twilio, base_url, account, clips)
    recordings = twilio.video.v1.recordings
    videos = recordings.list(media_type="video")
    assert len(videos) == 4 and all(r.type == "video" for r in videos)
    alice = next(r for r in videos if r.track_name == "alice-cam")
    assert [r.sid for r in recordings.list(source_sid=alice.source_sid)] == [alice.sid]
    assert len(recordings.list(grouping_sid=[room_sid])) == 8
    in_room = twilio.video.v1.rooms(room_sid).recordings(alice.sid).fetch()
    assert in_room.sid == alice.sid and in_room.room_sid == room_sid

    reply = twilio.request("GET", f"{base_url}/v1/Recordings/{alice.sid}/Media")
    assert reply.status_code == 302
    media = httpx.get(json.loads(reply.text)["redirect_to"])
    assert media.status_code == 200 and media.content[:4] == b"\x1aE\xdf\xa3"  # Matroska

    audio = next(r for r in recordings.list(media_type="audio") if r.track_name == "alice-cam")
    twilio.video.v1.rooms(room_sid).recordings(alice.sid).delete()
    assert recordings(alice.sid).fetch().status == "deleted"
    assert [r.sid for r in recordings.list(status="deleted")] == [alice.sid]
    # alice's audio shares the file: it is still there, and still downloadable
    again = twilio.request("GET", f"{base_url}/v1/Recordings/{audio.sid}/Media")
    assert httpx.get(json.loads(again.text)["redirect_to"]).status_code == 200
    gone = twilio.request("GET", f"{base_url}/v1/Recordings/{alice.sid}/Media")
    assert gone.status_code == 404
    recordings(audio.sid).delete()
    assert (
        httpx.get(json.loads(again.text)["redirect_to"]).status_code == 404
    )  # the file went with the last one


def test_a_page_number_past_any_offset_is_a_400(twilio: Client, base_url: str) -> None:
    # Found by schemathesis: such a page overflowed PostgreSQL's 64-bit OFFSET into a 500.
    for params in ({"Page": str(10**30)}, {"Page": "-1"}):
        reply = twilio.request("GET", f"{base_url}/v1/Compositions", params=params)
        assert reply.status_code == 400 and json.loads(reply.text)["code"] == 20001


def test_deleting_a_processing_composition_stops_it_and_keeps_no_media(
    twilio: Client, base_url: str, account: AccountKeys, container: Container,
    worker: InProcessWorker, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    """Twilio's `deleted` means the media is gone and the metadata stays; a composition
    deleted while it renders ends the same way, and never becomes available."""
    room = twilio.video.v1.rooms.create(unique_name=f"long-{uuid.uuid4().hex[:6]}")
    long_clip = write_clip(tmp_path / "long.webm", Clip(seconds=20, colour=RED, tone=440))
    upload_track(base_url, account, uuid.UUID(hex=room.sid[2:]), long_clip, "talk")
    composition = twilio.video.v1.compositions.create(
        room_sid=room.sid, audio_sources=["talk"], video_layout={"one": {"video_sources": ["*"]}},
        resolution="1280x720", format="mp4",
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while twilio.video.v1.compositions(composition.sid).fetch().status == "enqueued":
        assert time.monotonic() < deadline
        time.sleep(0.02)

    assert twilio.video.v1.compositions(composition.sid).delete() is True
    while worker.busy:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # The render stopped cleanly: its process did not die under it.
    assert "worker.job_crashed" not in caplog.messages

    fetched = twilio.video.v1.compositions(composition.sid).fetch()
    assert (fetched.status, fetched.date_completed, fetched.size) == ("deleted", None, 0)
    assert fetched.date_deleted is not None
    composition_id = uuid.UUID(hex=composition.sid[2:])
    key = composition_key(account.account.id, composition_id, "mp4")
    with pytest.raises(NotFound):
        container.storage.local_path(key)
    reply = twilio.request("GET", f"{base_url}/v1/Compositions/{composition.sid}/Media")
    assert reply.status_code == 404
    assert [c.sid for c in twilio.video.v1.compositions.list(status="deleted")] == [composition.sid]
