"""Native API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

_NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store NUL in text
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=_NO_NUL)
]
Pattern = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_NO_NUL)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoomIn(_Strict):
    name: Name
    unique_name: Name | None = None


class RoomOut(BaseModel):
    id: str
    name: str
    unique_name: str | None
    created_at: datetime


class RecordingOut(BaseModel):
    id: str
    room_id: str
    session_id: str
    name: str
    kind: str
    offset: float
    duration: float
    size: int
    container: str
    codec: str
    width: int
    height: int
    participant: str
    created_at: datetime


class CompositionIn(_Strict):
    room_id: str
    session_id: str | None = None
    video_layout: dict[str, Any] = Field(default_factory=dict)
    audio_sources: Annotated[list[Pattern], Field(max_length=100)] = Field(default_factory=list)
    audio_sources_excluded: Annotated[list[Pattern], Field(max_length=100)] = Field(
        default_factory=list
    )
    resolution: Annotated[str, StringConstraints(max_length=11)] = "640x480"
    format: Annotated[str, StringConstraints(max_length=10)] = "mp4"
    trim: bool = True


class CompositionOut(BaseModel):
    id: str
    room_id: str
    session_id: str
    status: str
    progress: float
    eta_seconds: float | None
    duration: float
    size: int
    bitrate: int
    error: str | None
    video_layout: dict[str, Any]
    audio_sources: list[str]
    audio_sources_excluded: list[str]
    resolution: str
    format: str
    trim: bool
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    media_url: str | None


class AttemptOut(BaseModel):
    at: datetime
    url: str
    status_code: int | None
    error: str | None
    duration_ms: float


class WebhookKeyOut(BaseModel):
    algorithm: str = "Ed25519"
    public_key: str  # base64 of the raw 32-byte key, as Telnyx's SDK takes it


class WebhookDeliveryOut(BaseModel):
    id: str
    event: str
    url: str
    scheme: str
    status: str
    created_at: datetime
    next_attempt_at: datetime
    attempts: list[AttemptOut]
