"""Recordings: one media file per published (or imported) track, placed in session time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from roomcast.core.errors import InvalidInput
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
