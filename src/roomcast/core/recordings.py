"""Recordings: one media file per published (or imported) track, placed in session time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from roomcast.core.errors import InvalidInput
from roomcast.core.rooms import Participant
from roomcast.core.timeline.model import MediaKind


class RecordingStatus(StrEnum):
    PROCESSING = "processing"
    COMPLETED = "completed"
    DELETED = "deleted"
    FAILED = "failed"


@dataclass(frozen=True)
class Recording:
    id: uuid.UUID
    account_id: uuid.UUID
    room_id: uuid.UUID
    session_id: uuid.UUID
    track_name: str
    kind: MediaKind
    offset: float  # seconds from the session's start
    duration: float
    size: int
    container: str
    codec: str
    media_key: str
    created_at: datetime
    width: int = 0
    height: int = 0
    participant: str = ""
    status: RecordingStatus = RecordingStatus.COMPLETED

    def __post_init__(self) -> None:
        if not self.track_name.strip():
            raise InvalidInput("name", "a track needs a name")
        if self.offset < 0:
            raise InvalidInput("offset", "an offset cannot be negative")
        if self.duration <= 0:
            raise InvalidInput("file", "the media has no duration")

    @property
    def end(self) -> float:
        return self.offset + self.duration

    @property
    def participant_id(self) -> uuid.UUID:
        """Imported tracks name their participant by a string; its id derives from it,
        stably, within the room."""
        return uuid.uuid5(self.room_id, self.participant or self.track_name)

    def event_data(self) -> dict[str, Any]:
        return {
            "recording_id": str(self.id),
            "room_id": str(self.room_id),
            "session_id": str(self.session_id),
            "participant_id": str(self.participant_id),
            "kind": self.kind.value,
            "codec": self.codec,
            "duration": self.duration,
            "size": self.size,
            "media_key": self.media_key,
        }


def published_by(recordings: Iterable[Recording], participant: Participant) -> list[Recording]:
    """The tracks a participant published in its session: until rooms carry live media, the
    session's live recordings that name the participant's identity."""
    return [
        r
        for r in recordings
        if r.session_id == participant.session_id
        and r.participant == participant.identity
        and r.status is not RecordingStatus.DELETED
    ]


def track_event_data(recording: Recording, participant: Participant) -> dict[str, Any]:
    """A track published or unpublished, as the track.added / track.removed events carry it."""
    return {
        **participant.event_data(),
        "track_id": str(recording.id),
        "track_name": recording.track_name,
        "kind": recording.kind.value,
    }
