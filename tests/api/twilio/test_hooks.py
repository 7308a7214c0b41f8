"""CompositionHooks through the SDK: CRUD, filters, and firing when a room ends."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.api.conftest import upload_track
from tests.fixtures.accounts import AccountKeys


def test_hook_crud_and_filters(twilio: Client) -> None:
    hooks = twilio.video.v1.composition_hooks
    grid = hooks.create(
        friendly_name="Grid",
        video_layout={"grid": {"video_sources": ["*"]}},
        audio_sources=["*"],
        format="mp4",
        resolution="1280x720",
    )
    audio = hooks.create(friendly_name="AudioOnly", audio_sources=["teacher*"], enabled=False)
    assert grid.sid.startswith("HK") and grid.enabled is True and grid.format == "mp4"
    assert grid.video_layout["grid"]["reuse"] == "show_oldest"
    assert audio.enabled is False and audio.format == "webm"

    assert hooks(grid.sid).fetch().friendly_name == "Grid"
    assert {h.sid for h in hooks.list()} == {grid.sid, audio.sid}
    assert [h.sid for h in hooks.list(enabled=True)] == [grid.sid]
    assert [h.sid for h in hooks.list(friendly_name="audio*")] == [
        audio.sid
    ]  # case-insensitive wildcard

    updated = hooks(audio.sid).update(
        friendly_name="AudioOnly", audio_sources=["student*"], enabled=True
    )
    assert updated.enabled is True and updated.audio_sources == ["student*"]
    with pytest.raises(TwilioRestException) as caught:
        hooks.create(friendly_name="Grid", audio_sources=["*"])
    assert caught.value.status == 409
    with pytest.raises(TwilioRestException) as caught:
        hooks.create(friendly_name="Bad", audio_sources=["*"], resolution="4000x4000")
    assert (caught.value.status, caught.value.code) == (400, 20001)

    hooks(grid.sid).delete()
    with pytest.raises(TwilioRestException) as caught:
        hooks(grid.sid).fetch()
    assert caught.value.status == 404


def test_enabled_hooks_compose_a_room_when_it_ends(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> None:
    twilio.video.v1.composition_hooks.create(
        friendly_name="Everything", audio_sources=["*"], format="mp4"
    )
    twilio.video.v1.composition_hooks.create(
        friendly_name="Off", audio_sources=["*"], enabled=False
    )
    room = twilio.video.v1.rooms.create(unique_name=f"lesson-{uuid.uuid4().hex[:6]}")
    upload_track(base_url, account, uuid.UUID(hex=room.sid[2:]), clips["alice"], "alice")
    assert twilio.video.v1.compositions.list(room_sid=room.sid) == []

    twilio.video.v1.rooms(room.sid).update(status="completed")

    made = twilio.video.v1.compositions.list(room_sid=room.sid)
    assert len(made) == 1
    assert made[0].format == "mp4" and made[0].audio_sources == ["*"]
