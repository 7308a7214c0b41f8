"""Composition hooks: a composition template that runs when a room ends."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from roomcast.core.errors import InvalidInput
from roomcast.core.media import OutputFormat
from roomcast.core.webhooks import Callback


@dataclass(frozen=True)
class CompositionHook:
    id: uuid.UUID
    account_id: uuid.UUID
    friendly_name: str
    enabled: bool
    video_layout: Mapping[str, Any]
    audio_sources: tuple[str, ...]
    audio_sources_excluded: tuple[str, ...]
    resolution: str
    format: OutputFormat
    trim: bool
    created_at: datetime
    updated_at: datetime
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def callback(self) -> Callback | None:
        return Callback.from_mapping(self.extras.get("callback"))

    def __post_init__(self) -> None:
        if not self.friendly_name.strip() or len(self.friendly_name) > 100:
            raise InvalidInput("FriendlyName", "a hook needs a name of 1 to 100 characters")
