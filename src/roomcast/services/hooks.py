"""Composition hooks: templates kept per account; when a room ends, each enabled one
becomes a composition of that room."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from roomcast.core.compositions import Composition
from roomcast.core.errors import Conflict, NotFound, RoomcastError
from roomcast.core.hooks import CompositionHook
from roomcast.core.ids import new_id
from roomcast.core.layout.model import Canvas, layout_from_mapping, layout_to_mapping
from roomcast.core.media import OutputFormat
from roomcast.core.rooms import Room
from roomcast.services.compositions import CompositionRequest, CompositionService
from roomcast.services.context import ServiceContext
from roomcast.services.webhooks import enqueue


class HookService:
    def __init__(self, ctx: ServiceContext, compositions: CompositionService) -> None:
        self._ctx = ctx
        self._hooks = ctx.repos.hooks
        self._compositions = compositions

    def create(
        self, account_id: uuid.UUID, name: str, enabled: bool, request: CompositionRequest
    ) -> CompositionHook:
        if self._hooks.by_name(account_id, name) is not None:
            raise Conflict(f"a composition hook named {name!r} already exists")
        now = self._ctx.clock.now()
        hook = self._build(
            new_id(),
            account_id,
            name=name,
            enabled=enabled,
            request=request,
            created=now,
            updated=now,
        )
        self._hooks.add(hook)
        return hook

    def replace(
        self, hook: CompositionHook, name: str, enabled: bool, request: CompositionRequest
    ) -> CompositionHook:
        other = self._hooks.by_name(hook.account_id, name)
        if other is not None and other.id != hook.id:
            raise Conflict(f"a composition hook named {name!r} already exists")
        updated = self._build(
            hook.id, hook.account_id, name=name, enabled=enabled, request=request,
            created=hook.created_at, updated=self._ctx.clock.now(),
        )  # fmt: skip
        self._hooks.save(updated)
        return updated

    def get(self, account_id: uuid.UUID, hook_id: uuid.UUID) -> CompositionHook:
        found = self._hooks.get(account_id, hook_id)
        if found is None:
            raise NotFound("composition hook", str(hook_id))
        return found

    def list(self, account_id: uuid.UUID) -> Sequence[CompositionHook]:
        return self._hooks.list(account_id)

    def delete(self, hook: CompositionHook) -> None:
        self._hooks.delete(hook)

    def room_ended(self, room: Room) -> Sequence[Composition]:
        """Each enabled hook composes the room. A hook that cannot (no recordings, no match)
        is skipped, and says so to its callback: the room's end must not fail for it."""
        created: list[Composition] = []
        for hook in self._hooks.list(room.account_id):
            if not hook.enabled:
                continue
            try:
                created.append(self._compositions.create(room, _request_of(hook)))
            except RoomcastError as error:
                data = {**room.event_data(), "hook_id": str(hook.id), "error": error.message}
                enqueue(
                    self._ctx.repos, room.account_id, hook.callback, "composition_hook.failed",
                    data=data, now=self._ctx.clock.now(),
                )  # fmt: skip
        return created

    def _build(
        self, hook_id: uuid.UUID, account_id: uuid.UUID, *, name: str, enabled: bool,
        request: CompositionRequest, created: datetime, updated: datetime,
    ) -> CompositionHook:  # fmt: skip
        layout = layout_from_mapping(
            request.video_layout, request.audio_sources, request.audio_sources_excluded
        )
        return CompositionHook(
            id=hook_id,
            account_id=account_id,
            friendly_name=name,
            enabled=enabled,
            video_layout=layout_to_mapping(layout),
            audio_sources=tuple(request.audio_sources),
            audio_sources_excluded=tuple(request.audio_sources_excluded),
            resolution=str(Canvas.parse(request.resolution)),
            format=OutputFormat.parse(request.format),
            trim=request.trim,
            created_at=created,
            updated_at=updated,
            extras=dict(request.extras),
        )


def _request_of(hook: CompositionHook) -> CompositionRequest:
    return CompositionRequest(
        video_layout=hook.video_layout,
        audio_sources=hook.audio_sources,
        audio_sources_excluded=hook.audio_sources_excluded,
        resolution=hook.resolution,
        format=hook.format.value,
        trim=hook.trim,
        extras={**hook.extras, "hook_id": str(hook.id)},
    )
