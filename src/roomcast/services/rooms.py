"""Rooms: creating, reading, changing and deleting them, always within one account."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from roomcast.core.errors import Conflict, NotFound
from roomcast.core.ids import new_id
from roomcast.core.recordings import Recording, published_by, track_event_data
from roomcast.core.rooms import JSON, Participant, Room, RoomSession, RoomSettings, RoomStatus
from roomcast.services.context import ServiceContext
from roomcast.services.webhooks import enqueue_room_event


@dataclass(frozen=True)
class RoomDraft:
    """Everything a dialect can say about a room, already in domain terms."""

    name: str
    owner_ref: str = ""
    settings: RoomSettings = field(default_factory=RoomSettings)
    unique_name: str | None = None
    custom_data: JSON = field(default_factory=dict)
    dialect_extras: JSON = field(default_factory=dict)


class RoomService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._rooms = ctx.repos.rooms
        self._sessions = ctx.repos.sessions

    def create(self, account_id: uuid.UUID, draft: RoomDraft) -> Room:
        if draft.unique_name and self._rooms.get_open_by_unique_name(account_id, draft.unique_name):
            raise Conflict(f"a room named {draft.unique_name!r} is already in progress")
        now = self._ctx.clock.now()
        blank = Room(
            id=new_id(),
            account_id=account_id,
            name=draft.name,
            owner_ref=draft.owner_ref,
            settings=draft.settings,
            created_at=now,
            updated_at=now,
        )
        room = _apply(blank, draft, now)
        self._rooms.add(room)
        self._event(room, "room.created", {})
        return room

    def list(self, account_id: uuid.UUID) -> Sequence[Room]:
        return self._rooms.list(account_id)

    def get(self, account_id: uuid.UUID, room_id: uuid.UUID) -> Room:
        return _found(self._rooms.get(account_id, room_id), str(room_id))

    def get_by_short_id(self, account_id: uuid.UUID, short_id: str) -> Room:
        return _found(self._rooms.get_by_short_id(account_id, short_id), short_id)

    def get_open_by_unique_name(self, account_id: uuid.UUID, unique_name: str) -> Room:
        return _found(self._rooms.get_open_by_unique_name(account_id, unique_name), unique_name)

    def complete(self, room: Room) -> Room:
        """End the room: its session in progress ends and everyone in it leaves."""
        now = self._ctx.clock.now()
        self.end_session(room, "completed")
        ended = dataclasses.replace(room, status=RoomStatus.COMPLETED, updated_at=now)
        self._rooms.update(ended)
        self._event(ended, "room.ended", {})
        return ended

    def end_session(self, room: Room, reason: str) -> RoomSession | None:
        """End the room's session in progress, if any; everyone in it leaves. The room
        stays open for the next session."""
        session = self._sessions.active_session(room.account_id, room.id)
        if session is None:
            return None
        recordings = self._ctx.repos.recordings.for_session(room.account_id, session.id)
        for participant in self._sessions.participants(room.account_id, session.id):
            if participant.left_at is None:
                self._leave(room, participant, reason, recordings)
        now = self._ctx.clock.now()
        self._sessions.end_session(session, now)
        ended = dataclasses.replace(session, ended_at=now)
        self._event(room, "session.ended", {**ended.event_data(), "reason": reason})
        return ended

    def sessions(self, account_id: uuid.UUID, room_id: uuid.UUID | None) -> Sequence[RoomSession]:
        return self._sessions.sessions(account_id, room_id)

    def get_session(self, account_id: uuid.UUID, session_id: uuid.UUID) -> RoomSession:
        found = self._sessions.get_session(account_id, session_id)
        if found is None:
            raise NotFound("session", str(session_id))
        return found

    def session_participants(
        self, account_id: uuid.UUID, session_id: uuid.UUID | None
    ) -> Sequence[Participant]:
        return self._sessions.participants(account_id, session_id)

    def get_participant(self, account_id: uuid.UUID, participant_id: uuid.UUID) -> Participant:
        found = self._sessions.get_participant(account_id, participant_id)
        if found is None:
            raise NotFound("participant", str(participant_id))
        return found

    def participants(self, room: Room) -> Sequence[Participant]:
        return self._sessions.participants_of_room(room.account_id, room.id)

    def participant(self, room: Room, participant_id: uuid.UUID) -> Participant:
        found = self._sessions.get_participant(room.account_id, participant_id)
        in_room = found is not None and any(p.id == found.id for p in self.participants(room))
        if found is None or not in_room:
            raise NotFound("participant", str(participant_id))
        return found

    def disconnect(
        self, room: Room, participant: Participant, reason: str = "disconnected"
    ) -> Participant:
        recordings = self._ctx.repos.recordings.for_session(
            participant.account_id, participant.session_id
        )
        return self._leave(room, participant, reason, recordings)

    def _leave(
        self, room: Room, participant: Participant, reason: str, recordings: Sequence[Recording]
    ) -> Participant:
        """`recordings`: the session's, read once for everyone who leaves with it."""
        now = self._ctx.clock.now()
        connected = participant.left_at is None
        self._sessions.leave(participant, now)
        gone = dataclasses.replace(participant, left_at=participant.left_at or now)
        if connected:
            # Leaving unpublishes every track first, as Twilio reports it.
            for recording in published_by(recordings, participant):
                self._event(room, "track.removed", track_event_data(recording, gone))
        self._event(room, "participant.disconnected", {**gone.event_data(), "reason": reason})
        return gone

    def _event(self, room: Room, event: str, extra: dict[str, Any]) -> None:
        enqueue_room_event(self._ctx.repos, room, event, extra, self._ctx.clock.now())

    def replace(self, room: Room, draft: RoomDraft) -> Room:
        updated = _apply(room, draft, self._ctx.clock.now())
        self._rooms.update(updated)
        return updated

    def delete(self, room: Room) -> None:
        if self._sessions.active_session(room.account_id, room.id) is not None:
            raise Conflict("the room has a session in progress")
        self._rooms.delete(room)

    def connected_participants(self, room: Room) -> Sequence[Participant]:
        session = self._sessions.active_session(room.account_id, room.id)
        if session is None:
            return []
        return self._sessions.connected_participants(room.account_id, session.id)


def _apply(room: Room, draft: RoomDraft, now: datetime) -> Room:
    return dataclasses.replace(
        room,
        name=draft.name,
        owner_ref=draft.owner_ref,
        settings=draft.settings,
        unique_name=draft.unique_name,
        custom_data=dict(draft.custom_data),
        dialect_extras=dict(draft.dialect_extras),
        updated_at=now,
    )


def _found(room: Room | None, ident: str) -> Room:
    if room is None:
        raise NotFound("room", ident)
    return room
