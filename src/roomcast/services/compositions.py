"""Compositions as durable jobs: created enqueued, rendered by a worker, deletable."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from roomcast.core.compositions import Composition, CompositionQuery, CompositionStatus
from roomcast.core.errors import InvalidInput, NotFound
from roomcast.core.ids import new_id
from roomcast.core.layout.model import Canvas, layout_from_mapping, layout_to_mapping
from roomcast.core.media import OutputFormat
from roomcast.core.recordings import Recording, RecordingStatus
from roomcast.core.rooms import Room
from roomcast.core.timeline.model import DEFAULT_FPS, SourceTrack
from roomcast.core.timeline.planner import plan as make_plan
from roomcast.services.composing import PlannedComposition
from roomcast.services.context import Repositories, ServiceContext
from roomcast.services.webhooks import enqueue


@dataclass(frozen=True)
class CompositionRequest:
    video_layout: Mapping[str, Any]
    audio_sources: Sequence[str] = ()
    audio_sources_excluded: Sequence[str] = ()
    resolution: str = "640x480"
    format: str = "mp4"
    trim: bool = True
    extras: Mapping[str, Any] = field(default_factory=dict)


class CompositionService:
    def __init__(self, ctx: ServiceContext, wake_worker: Callable[[], None]) -> None:
        self._ctx = ctx
        self._repos = ctx.repos
        self._wake_worker = wake_worker

    def create(
        self, room: Room, request: CompositionRequest, session_id: uuid.UUID | None = None
    ) -> Composition:
        session = self._session_id(room, session_id)
        layout = layout_from_mapping(
            request.video_layout, request.audio_sources, request.audio_sources_excluded
        )
        canvas = Canvas.parse(request.resolution)
        fmt = OutputFormat.parse(request.format)
        composition = Composition(
            id=new_id(),
            account_id=room.account_id,
            room_id=room.id,
            session_id=session,
            video_layout=layout_to_mapping(layout),
            audio_sources=tuple(request.audio_sources),
            audio_sources_excluded=tuple(request.audio_sources_excluded),
            resolution=str(canvas),
            format=fmt,
            trim=request.trim,
            created_at=self._ctx.clock.now(),
            extras=dict(request.extras),
        )
        self.plan_for(composition)  # refuses now what could never render
        self._repos.compositions.add(composition)
        enqueue(
            self._repos, room.account_id, composition.callback, "composition.enqueued",
            data=composition.event_data(), now=composition.created_at,
        )  # fmt: skip
        self._ctx.after_commit(self._wake_worker)
        return composition

    def get(self, account_id: uuid.UUID, composition_id: uuid.UUID) -> Composition:
        found = self._repos.compositions.get(account_id, composition_id)
        if found is None:
            raise NotFound("composition", str(composition_id))
        return found

    def list(self, account_id: uuid.UUID) -> Sequence[Composition]:
        return self._repos.compositions.list(account_id)

    def search(
        self, account_id: uuid.UUID, query: CompositionQuery, offset: int, limit: int
    ) -> Sequence[Composition]:
        return self._repos.compositions.search(account_id, query, offset, limit)

    def delete(self, composition: Composition) -> Composition:
        """The media goes at once; the row stays, marked deleted. A render still under way
        finishes into nothing: the worker sees the mark and discards its output."""
        current: Composition | None = composition
        while current is not None:
            deleted = current.delete(self._ctx.clock.now())
            if self._repos.compositions.save_if(deleted, current.status):
                if current.media_key:
                    self._ctx.storage.delete(current.media_key)
                return deleted
            # The worker moved it on meanwhile (it may have stored media): look again.
            current = self._repos.compositions.get_any(composition.id)
        raise NotFound("composition", str(composition.id))

    def media_path(self, composition: Composition) -> str:
        if composition.status is not CompositionStatus.COMPLETED or not composition.media_key:
            raise NotFound("media", str(composition.id))
        return self._ctx.storage.local_path(composition.media_key)

    def plan_for(self, composition: Composition) -> PlannedComposition:
        return plan_composition(self._repos, composition)

    def _session_id(self, room: Room, session_id: uuid.UUID | None) -> uuid.UUID:
        if session_id is not None:
            session = self._repos.sessions.get_session(room.account_id, session_id)
            if session is None or session.room_id != room.id:
                raise NotFound("session", str(session_id))
            return session.id
        latest = self._repos.sessions.latest_session(room.account_id, room.id)
        if latest is None:
            raise InvalidInput("room", "the room has no session with recordings")
        return latest.id


def plan_composition(repos: Repositories, composition: Composition) -> PlannedComposition:
    """The plan over the session's recordings. Its sources are storage keys."""
    recordings = [
        r
        for r in repos.recordings.for_session(composition.account_id, composition.session_id)
        if r.status is RecordingStatus.COMPLETED
    ]
    layout = layout_from_mapping(
        composition.video_layout, composition.audio_sources, composition.audio_sources_excluded
    )
    canvas = Canvas.parse(composition.resolution)
    tracks = [_track(r) for r in recordings]
    result = make_plan(tracks, layout, canvas, trim=composition.trim, fps=DEFAULT_FPS)
    return PlannedComposition(result, {r.id.hex: r.media_key for r in recordings})


def _track(recording: Recording) -> SourceTrack:
    return SourceTrack(
        key=recording.id.hex,
        name=recording.track_name,
        kind=recording.kind,
        start=recording.offset,
        end=recording.end,
        width=recording.width,
        height=recording.height,
        aliases=tuple(
            a for a in (recording.id.hex, recording.participant_id.hex, recording.participant) if a
        ),
        participant=recording.participant,
    )
