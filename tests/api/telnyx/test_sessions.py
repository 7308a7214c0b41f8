"""Telnyx room sessions, participants and recordings through the official SDK: listing with
every filter, the session actions, downloads and deletes."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import httpx
import pytest
import telnyx as telnyx_sdk
from telnyx import Telnyx

from tests.api.conftest import upload_track
from tests.api.telnyx.conftest import join, sdk_client, unique
from tests.fixtures.accounts import AccountKeys


def _joined(telnyx: Telnyx, base_url: str, room_id: str, count: int) -> list[dict[str, str]]:
    admitted = []
    for _ in range(count):
        issued = telnyx.rooms.actions.generate_join_client_token(room_id).data
        assert issued is not None and issued.token
        admitted.append(join(base_url, issued.token))
    return admitted


def test_sessions_and_participants(telnyx: Telnyx, base_url: str) -> None:
    room = telnyx.rooms.create(unique_name=unique("live")).data
    assert room is not None
    people = _joined(telnyx, base_url, room.id, 3)
    session_id = people[0]["session_id"]

    sessions = telnyx.rooms.sessions.list_1(room.id).data
    assert [s.id for s in sessions] == [session_id] and sessions[0].active is True
    assert session_id in {
        s.id for s in telnyx.rooms.sessions.list_0(filter={"room_id": room.id}).data
    }
    assert session_id in {
        s.id for s in telnyx.rooms.sessions.list_0(filter={"active": True}, page_size=250).data
    }
    session = telnyx.rooms.sessions.retrieve(session_id, include_participants=True).data
    assert session is not None and session.room_id == room.id
    assert {p.id for p in session.participants or []} == {p["participant_id"] for p in people}

    listed = telnyx.rooms.sessions.retrieve_participants(session_id).data
    assert {p.id for p in listed} == {p["participant_id"] for p in people}
    assert all(p.left_at is None and p.session_id == session_id for p in listed)
    everyone = telnyx.room_participants.list(filter={"session_id": session_id}).data
    assert {p.id for p in everyone} == {p["participant_id"] for p in people}
    context = listed[0].context
    assert context and [
        p.id for p in telnyx.room_participants.list(filter={"context": context}).data
    ] == [listed[0].id]
    one = telnyx.room_participants.retrieve(people[1]["participant_id"]).data
    assert one is not None and one.session_id == session_id

    # kick one, by id, excluding nobody; then mute is refused honestly: no live media yet
    telnyx.rooms.sessions.actions.kick(session_id, participants=[people[0]["participant_id"]])
    kicked = telnyx.room_participants.retrieve(people[0]["participant_id"]).data
    assert kicked is not None and kicked.left_at is not None
    left = telnyx.room_participants.list(
        filter={"session_id": session_id, "date_left_at": {"eq": dt.datetime.now(dt.UTC).date()}}
    ).data
    assert [p.id for p in left] == [people[0]["participant_id"]]
    with pytest.raises(telnyx_sdk.UnprocessableEntityError) as caught:
        telnyx.rooms.sessions.actions.mute(session_id, participants="all")
    assert "live media" in caught.value.body["errors"][0]["detail"]  # type: ignore[index]

    # kick everyone but one, then end the session: the room stays, with no active session
    telnyx.rooms.sessions.actions.kick(
        session_id, participants="all", exclude=[people[2]["participant_id"]]
    )
    still = {
        p.id
        for p in telnyx.rooms.sessions.retrieve_participants(session_id).data
        if p.left_at is None
    }
    assert still == {people[2]["participant_id"]}
    assert telnyx.rooms.sessions.actions.end(session_id).data.result == "ok"  # type: ignore[union-attr]
    ended = telnyx.rooms.sessions.retrieve(session_id).data
    assert ended is not None and ended.active is False and ended.ended_at is not None
    assert telnyx.rooms.retrieve(room.id).data.active_session_id is None  # type: ignore[union-attr]
    assert session_id in {
        s.id for s in telnyx.rooms.sessions.list_1(room.id, filter={"active": False}).data
    }
    today = dt.datetime.now(dt.UTC).date()
    yesterday = today - dt.timedelta(days=1)
    for name in ("date_created_at", "date_updated_at", "date_ended_at"):
        on_day = telnyx.rooms.sessions.list_1(room.id, filter={name: {"eq": today}}).data
        assert [s.id for s in on_day] == [session_id], name
        assert not telnyx.rooms.sessions.list_1(room.id, filter={name: {"lte": yesterday}}).data
    for name in ("date_joined_at", "date_updated_at", "date_left_at"):
        found = telnyx.rooms.sessions.retrieve_participants(
            session_id, filter={name: {"gte": today}}
        )
        assert {p.id for p in found.data} == {p["participant_id"] for p in people}, name
    with pytest.raises(telnyx_sdk.UnprocessableEntityError):
        telnyx.rooms.sessions.actions.end(session_id)

    # the next join opens a new session in the same room
    again = _joined(telnyx, base_url, room.id, 1)[0]
    assert again["session_id"] != session_id


def test_recordings_list_filter_download_and_delete(
    telnyx: Telnyx, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> None:
    room = telnyx.rooms.create(unique_name=unique("rec")).data
    assert room is not None
    upload_track(base_url, account, uuid.UUID(room.id), clips["alice"], "alice-cam", offset=0.5)
    upload_track(base_url, account, uuid.UUID(room.id), clips["bob"], "bob-cam")
    in_room = telnyx.room_recordings.list(filter={"room_id": room.id}).data
    assert len(in_room) == 4 and {r.type for r in in_room} == {"audio", "video"}
    video = telnyx.room_recordings.list(filter={"room_id": room.id, "type": "video"}).data
    assert {r.codec for r in video} == {"vp8"} and all(r.status == "completed" for r in video)
    first = video[0]
    assert first.session_id and first.participant_id and first.duration_secs == 2
    assert first.size_mb is not None and first.size_mb > 0
    same_session = telnyx.room_recordings.list(filter={"session_id": first.session_id}).data
    assert {r.id for r in same_session} == {r.id for r in in_room}
    by_person = telnyx.room_recordings.list(filter={"participant_id": first.participant_id}).data
    assert {r.participant_id for r in by_person} == {first.participant_id} and len(by_person) == 2
    assert not telnyx.room_recordings.list(filter={"room_id": room.id, "duration_secs": 3}).data
    assert (
        len(telnyx.room_recordings.list(filter={"room_id": room.id, "duration_secs": 1}).data) == 4
    )
    today = dt.datetime.now(dt.UTC).date()
    tomorrow = today + dt.timedelta(days=1)
    for name in ("date_started_at", "date_ended_at"):
        on_day = telnyx.room_recordings.list(filter={"room_id": room.id, name: {"eq": today}})
        assert len(on_day.data) == 4, name
        later = telnyx.room_recordings.list(filter={"room_id": room.id, name: {"gte": tomorrow}})
        assert not later.data, name
    done = telnyx.room_recordings.list(filter={"room_id": room.id, "status": "completed"}).data
    assert len(done) == 4
    assert not telnyx.room_recordings.list(filter={"room_id": room.id, "status": "processing"}).data

    fetched = telnyx.room_recordings.retrieve(first.id).data
    assert fetched is not None and fetched.download_url
    media = httpx.get(fetched.download_url)
    assert media.status_code == 200 and len(media.content) > 1000

    assert telnyx.room_recordings.delete(first.id) is None
    with pytest.raises(telnyx_sdk.NotFoundError):
        telnyx.room_recordings.retrieve(first.id)
    removed = telnyx.room_recordings.delete_bulk(filter={"room_id": room.id, "type": "audio"}).data
    assert removed is not None and removed.room_recordings == 2
    left = telnyx.room_recordings.list(filter={"room_id": room.id}).data
    assert [r.type for r in left] == ["video"]


def test_another_account_sees_no_sessions(
    telnyx: Telnyx, base_url: str, other_account: AccountKeys
) -> None:
    room = telnyx.rooms.create(unique_name=unique("private")).data
    assert room is not None
    person = _joined(telnyx, base_url, room.id, 1)[0]
    with sdk_client(base_url, other_account) as other:
        with pytest.raises(telnyx_sdk.NotFoundError):
            other.rooms.sessions.retrieve(person["session_id"])
        with pytest.raises(telnyx_sdk.NotFoundError):
            other.room_participants.retrieve(person["participant_id"])
        with pytest.raises(telnyx_sdk.NotFoundError):
            other.rooms.sessions.actions.kick(person["session_id"], participants="all")
        assert person["session_id"] not in {
            s.id for s in other.rooms.sessions.list_0(page_size=250).data
        }
        assert not other.room_participants.list(filter={"session_id": person["session_id"]}).data
