"""Rooms, their sessions, participants and tracks."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from roomcast.core.errors import InvalidInput
from roomcast.core.ids import short_id
from roomcast.core.webhooks import Callback

JSON = Mapping[str, Any]


class RoomMode(StrEnum):
    GROUP = "group"
    LECTURE = "lecture"


class RoomKind(StrEnum):
    PERMANENT = "permanent"
    SCHEDULED = "scheduled"
    ADHOC = "adhoc"


class Quality(StrEnum):
    HD = "HD"
    SD = "SD"
    LD = "LD"


class RoomStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"


class Role(StrEnum):
    MODERATOR = "moderator"
    PARTICIPANT = "participant"
    VIEWER = "viewer"
    AUDIENCE = "audience"

    @property
    def may_publish(self) -> bool:
        return self in (Role.MODERATOR, Role.PARTICIPANT)


class RecordedMedia(StrEnum):
    AUDIO = "audio"
    AUDIO_VIDEO = "audiovideo"


@dataclass(frozen=True)
class Schedule:
    kind: RoomKind = RoomKind.PERMANENT
    starts_at: datetime | None = None
    duration_minutes: int | None = None

    def __post_init__(self) -> None:
        if self.kind is RoomKind.SCHEDULED and self.starts_at is None:
            raise InvalidInput(
                "settings.scheduled_time", "a scheduled room needs a start time", missing=True
            )
        if self.kind is RoomKind.SCHEDULED and self.duration_minutes is None:
            raise InvalidInput(
                "settings.duration", "a scheduled room needs a duration", missing=True
            )
        if self.duration_minutes is not None and self.duration_minutes <= 0:
            raise InvalidInput("settings.duration", "must be a positive number of minutes")

    def window(self, lead: timedelta) -> tuple[datetime, datetime] | None:
        """When tokens may be issued: from `lead` before the start to the end."""
        if self.kind is not RoomKind.SCHEDULED or self.starts_at is None:
            return None
        end = self.starts_at + timedelta(minutes=self.duration_minutes or 0)
        return (self.starts_at - lead, end)


@dataclass(frozen=True)
class RecordingPolicy:
    auto_record: bool = False
    moderator_media: RecordedMedia = RecordedMedia.AUDIO_VIDEO
    participant_media: RecordedMedia = RecordedMedia.AUDIO_VIDEO
    single_file: bool = False
    watermark: bool = False
    live_auto_record: bool = False
    live_view_url: str | None = None


@dataclass(frozen=True)
class RoomSettings:
    mode: RoomMode = RoomMode.GROUP
    schedule: Schedule = field(default_factory=Schedule)
    description: str = ""
    max_moderators: int = 1
    max_participants: int | None = None
    max_audiences: int = 0
    send_audience_stats: bool = False
    max_active_talkers: int = 6
    quality: Quality | None = None
    screen_share: bool = True
    knock: bool = False
    wait_for_moderator: bool = False
    recording: RecordingPolicy = field(default_factory=RecordingPolicy)

    def __post_init__(self) -> None:
        if self.max_moderators < 1:
            raise InvalidInput("settings.moderators", "at least one moderator is needed")
        if self.max_participants is not None and self.max_participants < 1:
            raise InvalidInput("settings.participants", "must be at least 1")
        if self.max_audiences < 0:
            raise InvalidInput("settings.audiences", "must not be negative")
        if self.max_active_talkers < 1:
            raise InvalidInput("settings.max_active_talkers", "must be at least 1")

    def limit_for(self, role: Role) -> int | None:
        if role is Role.MODERATOR:
            return self.max_moderators
        if role is Role.AUDIENCE:
            return self.max_audiences
        return self.max_participants


@dataclass(frozen=True)
class Room:
    id: uuid.UUID
    account_id: uuid.UUID
    name: str
    owner_ref: str
    settings: RoomSettings
    created_at: datetime
    updated_at: datetime
    status: RoomStatus = RoomStatus.OPEN
    unique_name: str | None = None
    custom_data: JSON = field(default_factory=dict)
    # Settings a dialect accepts and echoes but that have no meaning in the domain.
    dialect_extras: JSON = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput("name", "a room needs a name")

    @property
    def short_id(self) -> str:
        return short_id(self.id)

    @property
    def callback(self) -> Callback | None:
        return Callback.from_mapping(self.dialect_extras.get("callback"))

    def event_data(self) -> dict[str, Any]:
        return {
            "room_id": str(self.id),
            "room_name": self.unique_name or self.name,
            "room_status": self.status.value,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "room_duration_secs": _seconds(self.created_at, self.updated_at),
        }


@dataclass(frozen=True)
class RoomSession:
    id: uuid.UUID
    room_id: uuid.UUID
    account_id: uuid.UUID
    started_at: datetime
    ended_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None

    def event_data(self) -> dict[str, Any]:
        return {
            "session_id": str(self.id),
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "session_duration_secs": _seconds(self.started_at, self.ended_at),
        }


class ParticipantStatus(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class Participant:
    id: uuid.UUID
    session_id: uuid.UUID
    account_id: uuid.UUID
    identity: str
    name: str
    role: Role
    joined_at: datetime
    left_at: datetime | None = None
    custom_data: JSON = field(default_factory=dict)

    def event_data(self) -> dict[str, Any]:
        return {
            "participant_id": str(self.id),
            "session_id": str(self.session_id),
            "identity": self.identity,
            "participant_status": self.status.value,
            "joined_at": self.joined_at.isoformat(),
            "left_at": self.left_at.isoformat() if self.left_at else None,
            "participant_duration_secs": _seconds(self.joined_at, self.left_at),
        }

    @property
    def status(self) -> ParticipantStatus:
        if self.left_at is None:
            return ParticipantStatus.CONNECTED
        return ParticipantStatus.DISCONNECTED


class TrackKind(StrEnum):
    AUDIO = "audio"
    VIDEO = "video"


class TrackSource(StrEnum):
    CAMERA = "camera"
    MICROPHONE = "microphone"
    SCREEN = "screen"


@dataclass(frozen=True)
class Track:
    id: uuid.UUID
    participant_id: uuid.UUID
    account_id: uuid.UUID
    name: str
    kind: TrackKind
    source: TrackSource
    published_at: datetime
    unpublished_at: datetime | None = None


def check_capacity(settings: RoomSettings, role: Role, present: int) -> None:
    """Raise when one more `role` would exceed the room's limit for it."""
    limit = settings.limit_for(role)
    if limit is not None and present >= limit:
        raise InvalidInput("role", f"the room already holds its {limit} {role.value}(s)")


def _seconds(start: datetime, end: datetime | None) -> int | None:
    """Whole seconds from start to end, as every dialect reports a duration; None while
    it lasts."""
    return None if end is None else int((end - start).total_seconds())
