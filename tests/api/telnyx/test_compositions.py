"""Telnyx room recordings and compositions through the official SDK: imported tracks in,
the seed's composition body, a composed mp4 out whose pixels and tones are checked, the
filters, and the seed's 422 cases."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
import telnyx as telnyx_sdk
from telnyx import Telnyx

from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.api.conftest import upload_track
from tests.api.telnyx.conftest import unique
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.media import (
    BLACK,
    BLUE,
    GREEN,
    RED,
    audio_samples,
    colour_near,
    frame_at,
    tones,
)


def _session_with_tracks(
    telnyx: Telnyx, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> tuple[str, dict[str, str]]:
    """A room whose session holds four imported tracks; their video recording ids by name."""
    room = telnyx.rooms.create(unique_name=unique("class")).data
    assert room is not None
    video: dict[str, str] = {}
    for i, name in enumerate(["alice", "bob", "carol", "dave"]):
        recordings = upload_track(
            base_url, account, uuid.UUID(room.id), clips[name], f"{name}-cam", offset=i * 0.25
        )
        video[name] = next(r["id"] for r in recordings if r["kind"] == "video")
    session_id = telnyx.rooms.sessions.list_1(room.id).data[0].id
    assert session_id is not None
    return session_id, video


def _wait_completed(telnyx: Telnyx, composition_id: str) -> Any:
    deadline = time.monotonic() + 90
    while (found := telnyx.room_compositions.retrieve(composition_id).data).status != "completed":
        assert found.status in ("enqueued", "processing"), found
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return found


def test_the_seed_body_composes_and_downloads(
    telnyx: Telnyx, base_url: str, account: AccountKeys, clips: dict[str, Path],
    worker: InProcessWorker, tmp_path: Path,
) -> None:  # fmt: skip
    session_id, video = _session_with_tracks(telnyx, base_url, account, clips)
    created = telnyx.room_compositions.create(
        format="mp4",
        resolution="320x240",
        session_id=session_id,
        video_layout={
            "left": {"x_pos": 0, "y_pos": 0, "z_pos": 0, "width": 160, "height": 240,
                     "video_sources": [video["alice"]]},
            "right": {"x_pos": 160, "y_pos": 0, "width": 160, "height": 240, "max_columns": 1,
                      "video_sources": [video["bob"], video["carol"]]},
        },
        webhook_event_url="http://127.0.0.1:9/unused",
        webhook_timeout_secs=5,
    ).data  # fmt: skip
    assert created is not None and created.status == "enqueued"
    assert created.session_id == session_id and created.format == "mp4"
    assert created.resolution == "320x240" and created.download_url is None
    assert created.video_layout is not None
    assert created.video_layout["left"].video_sources == [video["alice"]]
    assert created.webhook_event_url == "http://127.0.0.1:9/unused"

    done = _wait_completed(telnyx, created.id)
    assert done.duration_secs == 2 and done.size_mb > 0
    assert done.completed_at is not None and done.started_at is not None
    assert done.download_url

    media = httpx.get(done.download_url)
    assert media.status_code == 200 and media.headers["content-type"] == "video/mp4"
    out = tmp_path / "composition.mp4"
    out.write_bytes(media.content)
    picture = frame_at(out, 1.2)
    assert colour_near(picture, 80, 120, RED)  # alice, letterboxed in the left region
    assert colour_near(picture, 80, 20, BLACK) and colour_near(picture, 80, 220, BLACK)
    assert colour_near(picture, 240, 60, GREEN)  # bob above carol: one column
    assert colour_near(picture, 240, 180, BLUE)
    assert tones(audio_samples(out), 0.9, 1.4) == {440, 660, 880, 1100}

    telnyx.room_compositions.delete(created.id)
    with pytest.raises(telnyx_sdk.NotFoundError):
        telnyx.room_compositions.retrieve(created.id)
    assert httpx.get(done.download_url).status_code == 404


def test_list_filters_and_pages(
    telnyx: Telnyx, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> None:
    session_id, _ = _session_with_tracks(telnyx, base_url, account, clips)
    made = {
        telnyx.room_compositions.create(session_id=session_id, resolution="64x48").data.id  # type: ignore[union-attr]
        for _ in range(5)
    }
    mine = telnyx.room_compositions.list(filter={"session_id": session_id}, page_size=2)
    assert mine.meta is not None and mine.meta.total_results == 5 and mine.meta.total_pages == 3
    assert {c.id for c in mine} == made  # auto-paging across the three pages
    assert made <= {
        c.id
        for c in telnyx.room_compositions.list(filter={"status": "enqueued"}, page_size=250).data
    } | {c.id for c in telnyx.room_compositions.list(page_size=250).data if c.status != "enqueued"}
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert made <= {
        c.id
        for c in telnyx.room_compositions.list(
            filter={"date_created_at": {"eq": today}}, page_size=250
        ).data
    }
    assert not telnyx.room_compositions.list(filter={"date_created_at": {"lte": "2020-01-01"}}).data
    assert not telnyx.room_compositions.list(filter={"session_id": str(uuid.uuid4())}).data


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"resolution": "1280x1280"}, "/resolution"),  # over 1280 * 720 pixels
        ({"resolution": "8x8"}, "/resolution"),
        ({"video_layout": {"first": {"z_pos": 100}}}, "/video_layout/first/z_pos"),
        ({"video_layout": {"first": {"width": 15}}}, "/video_layout/first/width"),
        ({"video_layout": {"first": {"height": 8}}}, "/video_layout/first/height"),
        ({"video_layout": {"first": {"max_columns": 1001}}}, "/video_layout/first/max_columns"),
        ({"video_layout": {"first": {"max_rows": 0}}}, "/video_layout/first/max_rows"),
        (
            {"video_layout": {"first": {"video_sources": ["not-a-uuid"]}}},
            "/video_layout/first/video_sources/0",
        ),
        ({"session_id": "not-a-uuid"}, "/session_id"),
        ({"session_id": None}, "/session_id"),
        ({"format": "avi"}, "/format"),
        ({"webhook_timeout_secs": 31}, "/webhook_timeout_secs"),
        ({"video_layout": {"first": {"x_pos": 1270, "width": 16}}}, "/video_layout/first/width"),
    ],
)
def test_bad_composition_bodies_get_422_pointing_at_the_field(
    telnyx: Telnyx, base_url: str, account: AccountKeys, clips: dict[str, Path],
    change: dict[str, Any], pointer: str,
) -> None:  # fmt: skip
    room = telnyx.rooms.create(unique_name=unique("bad")).data
    assert room is not None
    upload_track(base_url, account, uuid.UUID(room.id), clips["alice"], "alice-cam")
    session_id = telnyx.rooms.sessions.list_1(room.id).data[0].id
    body = {"session_id": session_id, **change}
    with pytest.raises(telnyx_sdk.UnprocessableEntityError) as caught:
        telnyx.room_compositions.create(**body)
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["source"]["pointer"].startswith(pointer), error
    assert error["code"] in ("10004", "10015") and error["detail"]


def test_an_unknown_session_is_404(telnyx: Telnyx) -> None:
    with pytest.raises(telnyx_sdk.NotFoundError):
        telnyx.room_compositions.create(session_id=str(uuid.uuid4()))
