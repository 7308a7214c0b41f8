"""Compositions: a layout rendered over a room session's recordings, as a durable job."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from roomcast.core.errors import Conflict
from roomcast.core.media import OutputFormat, RenderResult
from roomcast.core.webhooks import Callback


class CompositionStatus(StrEnum):
    ENQUEUED = "enqueued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    DELETED = "deleted"

    @property
    def final(self) -> bool:
        return self in (CompositionStatus.COMPLETED, CompositionStatus.FAILED)


@dataclass(frozen=True)
class CompositionQuery:
    status: CompositionStatus | None = None
    room_id: uuid.UUID | None = None
    created_after: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive


@dataclass(frozen=True)
class Composition:
    id: uuid.UUID
    account_id: uuid.UUID
    room_id: uuid.UUID
    session_id: uuid.UUID
    video_layout: Mapping[str, Any]
    audio_sources: tuple[str, ...]
    audio_sources_excluded: tuple[str, ...]
    resolution: str
    format: OutputFormat
    trim: bool
    created_at: datetime
    status: CompositionStatus = CompositionStatus.ENQUEUED
    progress: float = 0.0  # media seconds done over total, 0..1
    eta_seconds: float | None = None
    duration: float = 0.0
    size: int = 0
    bitrate: int = 0
    error: str | None = None
    media_key: str | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    deleted_at: datetime | None = None
    attempts: int = 0
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def callback(self) -> Callback | None:
        return Callback.from_mapping(self.extras.get("callback"))

    def event_data(self) -> dict[str, Any]:
        """What its webhooks say about it, as it is now."""
        return {
            "composition_id": str(self.id),
            "room_id": str(self.room_id),
            "session_id": str(self.session_id),
            "status": self.status.value,
            "format": self.format.value,
            "resolution": self.resolution,
            "media_key": self.media_key,
            "progress": self.progress,
            "eta_seconds": self.eta_seconds,
            "duration": self.duration,
            "size": self.size,
            "error": self.error,
        }

    def start(self, now: datetime) -> Composition:
        if self.status is not CompositionStatus.ENQUEUED:
            raise Conflict(f"a {self.status.value} composition cannot start")
        return dataclasses.replace(
            self, status=CompositionStatus.PROCESSING, started_at=now, attempts=self.attempts + 1
        )

    def report(self, done: float, total: float, now: datetime) -> Composition:
        progress = min(1.0, done / total) if total > 0 else 0.0
        eta = None
        if self.started_at is not None and progress > 0:
            elapsed = (now - self.started_at).total_seconds()
            eta = elapsed * (1 - progress) / progress
        return dataclasses.replace(self, progress=progress, eta_seconds=eta)

    def complete(self, result: RenderResult, media_key: str, now: datetime) -> Composition:
        return dataclasses.replace(
            self,
            status=CompositionStatus.COMPLETED,
            progress=1.0,
            eta_seconds=0.0,
            duration=result.duration,
            size=result.size,
            bitrate=result.bitrate,
            media_key=media_key,
            completed_at=now,
        )

    def fail(self, error: str, now: datetime) -> Composition:
        return dataclasses.replace(
            self, status=CompositionStatus.FAILED, error=error, completed_at=now, eta_seconds=None
        )

    def requeue(self) -> Composition:
        """Put back a job that a crash left half done; it starts over."""
        return dataclasses.replace(
            self, status=CompositionStatus.ENQUEUED, progress=0.0, eta_seconds=None
        )

    def delete(self, now: datetime) -> Composition:
        return dataclasses.replace(
            self, status=CompositionStatus.DELETED, deleted_at=now, media_key=None
        )
