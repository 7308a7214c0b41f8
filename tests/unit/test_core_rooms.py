"""The room rules of the pure core."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from roomcast.core.errors import InvalidInput
from roomcast.core.ids import short_id
from roomcast.core.rooms import (
    Role,
    Room,
    RoomKind,
    RoomSettings,
    Schedule,
    check_capacity,
)

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_moderators": 0}, "settings.moderators"),
        ({"max_participants": 0}, "settings.participants"),
        ({"max_audiences": -1}, "settings.audiences"),
        ({"max_active_talkers": 0}, "settings.max_active_talkers"),
    ],
)
def test_settings_reject_impossible_limits(kwargs: dict[str, int], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        RoomSettings(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_scheduled_room_needs_a_start_and_a_duration() -> None:
    with pytest.raises(InvalidInput) as caught:
        Schedule(kind=RoomKind.SCHEDULED, duration_minutes=10)
    assert caught.value.field == "settings.scheduled_time"
    assert caught.value.missing
    with pytest.raises(InvalidInput) as caught:
        Schedule(kind=RoomKind.SCHEDULED, starts_at=NOW)
    assert caught.value.field == "settings.duration"


def test_the_token_window_opens_before_the_start_and_closes_at_the_end() -> None:
    schedule = Schedule(kind=RoomKind.SCHEDULED, starts_at=NOW, duration_minutes=30)
    opens, closes = schedule.window(timedelta(minutes=15)) or (None, None)
    assert opens == NOW - timedelta(minutes=15)
    assert closes == NOW + timedelta(minutes=30)
    assert Schedule().window(timedelta(minutes=15)) is None


def test_capacity_counts_each_role_against_its_own_limit() -> None:
    settings = RoomSettings(max_moderators=1, max_participants=2, max_audiences=0)
    check_capacity(settings, Role.PARTICIPANT, 1)
    with pytest.raises(InvalidInput):
        check_capacity(settings, Role.PARTICIPANT, 2)
    with pytest.raises(InvalidInput):
        check_capacity(settings, Role.MODERATOR, 1)
    with pytest.raises(InvalidInput):
        check_capacity(settings, Role.AUDIENCE, 0)
    check_capacity(RoomSettings(), Role.VIEWER, 10_000)  # no participant limit set


def test_only_moderators_and_participants_may_publish() -> None:
    assert {r for r in Role if r.may_publish} == {Role.MODERATOR, Role.PARTICIPANT}


def test_a_room_needs_a_name_and_has_a_24_hex_short_id() -> None:
    ident = uuid.uuid4()
    with pytest.raises(InvalidInput):
        Room(ident, uuid.uuid4(), " ", "o", RoomSettings(), NOW, NOW)
    room = Room(ident, uuid.uuid4(), "r", "o", RoomSettings(), NOW, NOW)
    assert room.short_id == short_id(ident) == ident.hex[:24]
