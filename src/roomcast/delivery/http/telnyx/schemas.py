"""Telnyx's request bodies, with the bounds its OpenAPI document gives."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _absolute_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an absolute URL with a scheme, such as 'https'")
    return value


def _failover_url(value: str) -> str:
    return value if value == "" else _absolute_url(value)


Url = Annotated[str, Field(max_length=2000), AfterValidator(_absolute_url)]
FailoverUrl = Annotated[str, Field(max_length=2000), AfterValidator(_failover_url)]


class WebhookFields(BaseModel):
    webhook_event_url: Url | None = None
    webhook_event_failover_url: FailoverUrl | None = None
    webhook_timeout_secs: Annotated[int, Field(ge=0, le=30)] | None = None


class RoomBody(WebhookFields):
    """CreateRoomRequest and PatchRoomRequest: the same fields, none required."""

    unique_name: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    max_participants: Annotated[int, Field(ge=2, le=50)] | None = None
    enable_recording: bool | None = None


class ClientTokenBody(BaseModel):
    token_ttl_secs: Annotated[int, Field(ge=10, le=3600)] = 600
    refresh_token_ttl_secs: Annotated[int, Field(ge=60, le=86_400)] = 3600


class RefreshTokenBody(BaseModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=8192)]
    token_ttl_secs: Annotated[int, Field(ge=10, le=3600)] = 600


class ParticipantsAction(BaseModel):
    participants: Literal["all"] | list[uuid.UUID] | None = None
    exclude: list[uuid.UUID] | None = None


class VideoRegion(BaseModel):
    # roomcast's own region properties (reuse, cells_excluded, ...) pass through to the
    # layout, which refuses any it does not know.
    model_config = ConfigDict(extra="allow")

    x_pos: int | None = None
    y_pos: int | None = None
    z_pos: Annotated[int, Field(ge=-99, le=99)] | None = None
    height: Annotated[int, Field(ge=16)] | None = None
    width: Annotated[int, Field(ge=16)] | None = None
    max_columns: Annotated[int, Field(ge=1, le=1000)] | None = None
    max_rows: Annotated[int, Field(ge=1, le=1000)] | None = None
    video_sources: list[uuid.UUID | Literal["*"]] | None = None

    def to_layout(self) -> dict[str, Any]:
        """The region as the domain's layout reads it: ids in hex, the gaps left out."""
        region = {k: v for k, v in self.model_dump().items() if v is not None}
        sources = self.video_sources if self.video_sources is not None else ["*"]
        region["video_sources"] = [s.hex if isinstance(s, uuid.UUID) else s for s in sources]
        return region


class CompositionBody(WebhookFields):
    session_id: uuid.UUID | None = None
    format: Literal["mp4"] | None = None
    resolution: Annotated[str, Field(max_length=11)] | None = None
    video_layout: Annotated[dict[str, VideoRegion], Field(max_length=32)] | None = None
