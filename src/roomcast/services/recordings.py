"""Recordings: importing existing track files into a room session."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from roomcast.core.errors import NotFound
from roomcast.core.ids import new_id
from roomcast.core.recordings import Recording, RecordingStatus, published_by, track_event_data
from roomcast.core.rooms import Participant, Room, RoomSession
from roomcast.core.storage import recording_key
from roomcast.core.timeline.model import MediaKind
from roomcast.services.context import ServiceContext
from roomcast.services.webhooks import enqueue_room_event


@dataclass(frozen=True)
class TrackImport:
    name: str
    path: str  # a local file, read once and copied into storage
    offset: float = 0.0
    participant: str = ""


class RecordingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._repos = ctx.repos

    def import_tracks(
        self, room: Room, tracks: Sequence[TrackImport], session_id: uuid.UUID | None = None
    ) -> list[Recording]:
        """Each file becomes a recording per kind of media it holds (audio, video), all in
        one session of the room: the one named, else the room's latest, else a new one."""
        session = self._session(room, session_id)
        return [rec for track in tracks for rec in self._import(room, session, track)]

    def list_for_room(self, room: Room) -> Sequence[Recording]:
        return self._repos.recordings.for_room(room.account_id, room.id)

    def get(self, account_id: uuid.UUID, recording_id: uuid.UUID) -> Recording:
        found = self._repos.recordings.get(account_id, recording_id)
        if found is None:
            raise NotFound("recording", str(recording_id))
        return found

    def published_by(self, participant: Participant) -> list[Recording]:
        recordings = self._repos.recordings.for_session(
            participant.account_id, participant.session_id
        )
        return published_by(recordings, participant)

    def list_for_account(self, account_id: uuid.UUID) -> Sequence[Recording]:
        return self._repos.recordings.for_account(account_id)

    def delete(self, recording: Recording) -> Recording:
        """The recording is kept, marked deleted; its file goes once no live recording shares
        it (an imported file holding audio and video is two recordings of one file)."""
        deleted = dataclasses.replace(recording, status=RecordingStatus.DELETED)
        self._repos.recordings.save(deleted)
        others = [
            r for r in self._repos.recordings.sharing_media(recording.media_key)
            if r.id != recording.id and r.status is not RecordingStatus.DELETED
        ]  # fmt: skip
        if not others:
            self._ctx.storage.delete(recording.media_key)
        return deleted

    def media_path(self, recording: Recording) -> str:
        if recording.status is RecordingStatus.DELETED:
            raise NotFound("media", str(recording.id))
        return self._ctx.storage.local_path(recording.media_key)

    def _session(self, room: Room, session_id: uuid.UUID | None) -> RoomSession:
        if session_id is not None:
            found = self._repos.sessions.get_session(room.account_id, session_id)
            if found is None or found.room_id != room.id:
                raise NotFound("session", str(session_id))
            return found
        latest = self._repos.sessions.latest_session(room.account_id, room.id)
        if latest is not None:
            return latest
        now = self._ctx.clock.now()
        session = RoomSession(
            id=new_id(), room_id=room.id, account_id=room.account_id, started_at=now, ended_at=now
        )
        self._repos.sessions.add_session(session)
        return session

    def _import(self, room: Room, session: RoomSession, track: TrackImport) -> list[Recording]:
        info = self._ctx.probe.probe(track.path)
        media_id = new_id()
        extension = PurePath(track.path).suffix.lstrip(".").lower() or "bin"
        key = recording_key(room.account_id, media_id, extension[:8])
        size = self._ctx.storage.put_file(key, track.path)
        recordings = [
            Recording(
                id=media_id if i == 0 else new_id(),
                account_id=room.account_id,
                room_id=room.id,
                session_id=session.id,
                track_name=track.name,
                kind=kind,
                offset=track.offset,
                duration=info.duration,
                size=size,
                container=info.container.split(",")[0],
                codec=(info.video_codec if kind is MediaKind.VIDEO else info.audio_codec) or "",
                media_key=key,
                created_at=self._ctx.clock.now(),
                width=info.width if kind is MediaKind.VIDEO else 0,
                height=info.height if kind is MediaKind.VIDEO else 0,
                participant=track.participant,
            )
            for i, kind in enumerate(info.kinds)
        ]
        publishers = [
            p
            for p in self._repos.sessions.participants(room.account_id, session.id)
            if track.participant and p.identity == track.participant and p.left_at is None
        ]
        for recording in recordings:
            self._repos.recordings.add(recording)
            at = recording.created_at
            enqueue_room_event(self._repos, room, "recording.completed", recording.event_data(), at)
            # An imported track that names a connected participant is one it publishes.
            for publisher in publishers:
                data = track_event_data(recording, publisher)
                enqueue_room_event(self._repos, room, "track.added", data, at)
        return recordings
