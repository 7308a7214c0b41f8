"""Repositories: every SQL query lives here, and every tenant query filters by account."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import func, select, update
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session

from roomcast.adapters.db.models import (
    AccountRow,
    Base,
    CompositionHookRow,
    CompositionRow,
    CredentialRow,
    JoinTokenRow,
    ParticipantRow,
    RecordingRow,
    RoomRow,
    RoomSessionRow,
    WebhookDeliveryRow,
)
from roomcast.adapters.db.settings_codec import settings_from_json, settings_to_json
from roomcast.core.accounts import Account, Credential, CredentialKind
from roomcast.core.compositions import Composition, CompositionQuery, CompositionStatus
from roomcast.core.errors import InvalidInput
from roomcast.core.hooks import CompositionHook
from roomcast.core.media import OutputFormat
from roomcast.core.recordings import Recording, RecordingStatus
from roomcast.core.rooms import Participant, Role, Room, RoomSession, RoomStatus
from roomcast.core.timeline.model import MediaKind
from roomcast.core.tokens import JoinToken
from roomcast.core.webhooks import Attempt, Callback, DeliveryStatus, WebhookDelivery

E = TypeVar("E")


class SqlAccountRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, account: Account) -> None:
        self._s.add(AccountRow(id=account.id, **_columns(account, AccountRow)))
        _flush(self._s)

    def get(self, account_id: uuid.UUID) -> Account | None:
        row = self._s.get(AccountRow, account_id)
        return None if row is None else _account(row)

    def get_by_name(self, name: str) -> Account | None:
        row = self._s.scalar(select(AccountRow).where(AccountRow.name == name))
        return None if row is None else _account(row)

    def list(self) -> Sequence[Account]:
        rows = self._s.scalars(select(AccountRow).order_by(AccountRow.created_at))
        return [_account(r) for r in rows]

    def add_credential(self, credential: Credential) -> None:
        self._s.add(CredentialRow(id=credential.id, **_columns(credential, CredentialRow)))
        _flush(self._s)

    def find_credentials(self, kind: CredentialKind, public_id: str) -> Sequence[Credential]:
        rows = self._s.scalars(
            select(CredentialRow).where(
                CredentialRow.kind == kind.value,
                CredentialRow.public_id == public_id,
                CredentialRow.revoked_at.is_(None),
            )
        )
        return [_credential(r) for r in rows]

    def list_credentials(self, account_id: uuid.UUID) -> Sequence[Credential]:
        rows = self._s.scalars(
            select(CredentialRow)
            .where(CredentialRow.account_id == account_id)
            .order_by(CredentialRow.created_at, CredentialRow.kind)
        )
        return [_credential(r) for r in rows]

    def revoke_credential(self, credential_id: uuid.UUID, at: datetime) -> bool:
        result = self._s.execute(
            update(CredentialRow)
            .where(CredentialRow.id == credential_id, CredentialRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class SqlRoomRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, room: Room) -> None:
        self._s.add(RoomRow(id=room.id, short_id=room.short_id, **_room_columns(room)))
        _flush(self._s)

    def update(self, room: Room) -> None:
        row = self._row(room.account_id, room.id)
        for key, value in _room_columns(room).items():
            setattr(row, key, value)
        _flush(self._s)

    def delete(self, room: Room) -> None:
        self._s.delete(self._row(room.account_id, room.id))
        _flush(self._s)

    def get(self, account_id: uuid.UUID, room_id: uuid.UUID) -> Room | None:
        row = self._s.scalar(
            select(RoomRow).where(RoomRow.account_id == account_id, RoomRow.id == room_id)
        )
        return None if row is None else _room(row)

    def get_by_short_id(self, account_id: uuid.UUID, short_id: str) -> Room | None:
        row = self._s.scalar(
            select(RoomRow).where(RoomRow.account_id == account_id, RoomRow.short_id == short_id)
        )
        return None if row is None else _room(row)

    def get_open_by_unique_name(self, account_id: uuid.UUID, unique_name: str) -> Room | None:
        row = self._s.scalar(
            select(RoomRow).where(
                RoomRow.account_id == account_id,
                RoomRow.unique_name == unique_name,
                RoomRow.status == RoomStatus.OPEN.value,
            )
        )
        return None if row is None else _room(row)

    def list(self, account_id: uuid.UUID) -> Sequence[Room]:
        rows = self._s.scalars(
            select(RoomRow)
            .where(RoomRow.account_id == account_id)
            .order_by(RoomRow.created_at, RoomRow.id)
        )
        return [_room(r) for r in rows]

    def _row(self, account_id: uuid.UUID, room_id: uuid.UUID) -> RoomRow:
        return self._s.execute(
            select(RoomRow).where(RoomRow.account_id == account_id, RoomRow.id == room_id)
        ).scalar_one()


class SqlSessionRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def active_session(self, account_id: uuid.UUID, room_id: uuid.UUID) -> RoomSession | None:
        row = self._s.scalar(
            select(RoomSessionRow).where(
                RoomSessionRow.account_id == account_id,
                RoomSessionRow.room_id == room_id,
                RoomSessionRow.ended_at.is_(None),
            )
        )
        return None if row is None else _session(row)

    def add_session(self, session: RoomSession) -> None:
        self._s.add(RoomSessionRow(id=session.id, **_columns(session, RoomSessionRow)))
        _flush(self._s)

    def end_session(self, session: RoomSession, at: datetime) -> None:
        self._s.execute(
            update(RoomSessionRow)
            .where(RoomSessionRow.id == session.id, RoomSessionRow.ended_at.is_(None))
            .values(ended_at=at)
        )
        self._s.execute(
            update(ParticipantRow)
            .where(ParticipantRow.session_id == session.id, ParticipantRow.left_at.is_(None))
            .values(left_at=at)
        )

    def get_session(self, account_id: uuid.UUID, session_id: uuid.UUID) -> RoomSession | None:
        row = self._s.scalar(
            select(RoomSessionRow).where(
                RoomSessionRow.account_id == account_id, RoomSessionRow.id == session_id
            )
        )
        return None if row is None else _session(row)

    def latest_session(self, account_id: uuid.UUID, room_id: uuid.UUID) -> RoomSession | None:
        row = self._s.scalar(
            select(RoomSessionRow)
            .where(RoomSessionRow.account_id == account_id, RoomSessionRow.room_id == room_id)
            .order_by(RoomSessionRow.started_at.desc())
            .limit(1)
        )
        return None if row is None else _session(row)

    def add_participant(self, participant: Participant) -> None:
        self._s.add(ParticipantRow(id=participant.id, **_columns(participant, ParticipantRow)))
        _flush(self._s)

    def connected_participants(
        self, account_id: uuid.UUID, session_id: uuid.UUID
    ) -> Sequence[Participant]:
        rows = self._s.scalars(
            select(ParticipantRow)
            .where(
                ParticipantRow.account_id == account_id,
                ParticipantRow.session_id == session_id,
                ParticipantRow.left_at.is_(None),
            )
            .order_by(ParticipantRow.joined_at, ParticipantRow.id)
        )
        return [_participant(r) for r in rows]

    def participants_of_room(
        self, account_id: uuid.UUID, room_id: uuid.UUID
    ) -> Sequence[Participant]:
        rows = self._s.scalars(
            select(ParticipantRow)
            .join(RoomSessionRow, RoomSessionRow.id == ParticipantRow.session_id)
            .where(ParticipantRow.account_id == account_id, RoomSessionRow.room_id == room_id)
            .order_by(ParticipantRow.joined_at.desc(), ParticipantRow.id)
        )
        return [_participant(r) for r in rows]

    def sessions(self, account_id: uuid.UUID, room_id: uuid.UUID | None) -> Sequence[RoomSession]:
        query = select(RoomSessionRow).where(RoomSessionRow.account_id == account_id)
        if room_id is not None:
            query = query.where(RoomSessionRow.room_id == room_id)
        rows = self._s.scalars(query.order_by(RoomSessionRow.started_at.desc(), RoomSessionRow.id))
        return [_session(r) for r in rows]

    def participants(
        self, account_id: uuid.UUID, session_id: uuid.UUID | None
    ) -> Sequence[Participant]:
        query = select(ParticipantRow).where(ParticipantRow.account_id == account_id)
        if session_id is not None:
            query = query.where(ParticipantRow.session_id == session_id)
        rows = self._s.scalars(query.order_by(ParticipantRow.joined_at.desc(), ParticipantRow.id))
        return [_participant(r) for r in rows]

    def get_participant(
        self, account_id: uuid.UUID, participant_id: uuid.UUID
    ) -> Participant | None:
        row = self._s.scalar(
            select(ParticipantRow).where(
                ParticipantRow.account_id == account_id, ParticipantRow.id == participant_id
            )
        )
        return None if row is None else _participant(row)

    def leave(self, participant: Participant, at: datetime) -> None:
        self._s.execute(
            update(ParticipantRow)
            .where(ParticipantRow.id == participant.id, ParticipantRow.left_at.is_(None))
            .values(left_at=at)
        )

    def count_connected(self, session_id: uuid.UUID, role: Role) -> int:
        count = self._s.scalar(
            select(func.count()).where(
                ParticipantRow.session_id == session_id,
                ParticipantRow.role == role.value,
                ParticipantRow.left_at.is_(None),
            )
        )
        return int(count or 0)


class SqlTokenRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, token: JoinToken) -> None:
        self._s.add(JoinTokenRow(id=token.id, **_columns(token, JoinTokenRow)))
        _flush(self._s)

    def get(self, token_id: uuid.UUID) -> JoinToken | None:
        row = self._s.get(JoinTokenRow, token_id)
        return None if row is None else _token(row)

    def mark_used(self, token_id: uuid.UUID, at: datetime) -> bool:
        # One UPDATE with the guard in its WHERE: two concurrent redemptions cannot both win.
        result = self._s.execute(
            update(JoinTokenRow)
            .where(JoinTokenRow.id == token_id, JoinTokenRow.used_at.is_(None))
            .values(used_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


class SqlRecordingRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, recording: Recording) -> None:
        self._s.add(RecordingRow(id=recording.id, **_columns(recording, RecordingRow)))
        _flush(self._s)

    def get(self, account_id: uuid.UUID, recording_id: uuid.UUID) -> Recording | None:
        row = self._s.scalar(
            select(RecordingRow).where(
                RecordingRow.account_id == account_id, RecordingRow.id == recording_id
            )
        )
        return None if row is None else _recording(row)

    def for_session(self, account_id: uuid.UUID, session_id: uuid.UUID) -> Sequence[Recording]:
        return self._where(RecordingRow.session_id == session_id, account_id)

    def for_room(self, account_id: uuid.UUID, room_id: uuid.UUID) -> Sequence[Recording]:
        return self._where(RecordingRow.room_id == room_id, account_id)

    def for_account(self, account_id: uuid.UUID) -> Sequence[Recording]:
        return self._where(RecordingRow.account_id == account_id, account_id)

    def save(self, recording: Recording) -> None:
        self._s.execute(
            update(RecordingRow)
            .where(RecordingRow.id == recording.id)
            .values(status=recording.status.value)
        )

    def sharing_media(self, media_key: str) -> Sequence[Recording]:
        rows = self._s.scalars(select(RecordingRow).where(RecordingRow.media_key == media_key))
        return [_recording(r) for r in rows]

    def _where(self, condition: Any, account_id: uuid.UUID) -> list[Recording]:
        rows = self._s.scalars(
            select(RecordingRow)
            .where(condition, RecordingRow.account_id == account_id)
            .order_by(RecordingRow.created_at, RecordingRow.id)
        )
        return [_recording(r) for r in rows]


class SqlCompositionRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, composition: Composition) -> None:
        self._s.add(CompositionRow(id=composition.id, **_columns(composition, CompositionRow)))
        _flush(self._s)

    def save(self, composition: Composition) -> None:
        self._s.execute(
            update(CompositionRow)
            .where(CompositionRow.id == composition.id)
            .values(**_columns(composition, CompositionRow))
        )

    def save_if(self, composition: Composition, was: CompositionStatus) -> bool:
        result = self._s.execute(
            update(CompositionRow)
            .where(CompositionRow.id == composition.id, CompositionRow.status == was.value)
            .values(**_columns(composition, CompositionRow))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def get(self, account_id: uuid.UUID, composition_id: uuid.UUID) -> Composition | None:
        row = self._s.scalar(
            select(CompositionRow).where(
                CompositionRow.account_id == account_id, CompositionRow.id == composition_id
            )
        )
        return None if row is None else _composition(row)

    def get_any(self, composition_id: uuid.UUID) -> Composition | None:
        row = self._s.get(CompositionRow, composition_id, populate_existing=True)
        return None if row is None else _composition(row)

    def list(self, account_id: uuid.UUID) -> Sequence[Composition]:
        rows = self._s.scalars(
            select(CompositionRow)
            .where(CompositionRow.account_id == account_id)
            .order_by(CompositionRow.created_at, CompositionRow.id)
        )
        return [_composition(r) for r in rows]

    def search(
        self, account_id: uuid.UUID, query: CompositionQuery, offset: int, limit: int
    ) -> Sequence[Composition]:
        c = CompositionRow
        conditions = [c.account_id == account_id]
        if query.status is not None:
            conditions.append(c.status == query.status.value)
        if query.room_id is not None:
            conditions.append(c.room_id == query.room_id)
        if query.created_after is not None:
            conditions.append(c.created_at >= query.created_after)
        if query.created_before is not None:
            conditions.append(c.created_at < query.created_before)
        rows = self._s.scalars(
            select(c)
            .where(*conditions)
            .order_by(c.created_at.desc(), c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_composition(r) for r in rows]

    def with_status(self, status: CompositionStatus, limit: int) -> Sequence[Composition]:
        rows = self._s.scalars(
            select(CompositionRow)
            .where(CompositionRow.status == status.value)
            .order_by(CompositionRow.created_at, CompositionRow.id)
            .limit(limit)
        )
        return [_composition(r) for r in rows]


class SqlHookRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, hook: CompositionHook) -> None:
        self._s.add(CompositionHookRow(id=hook.id, **_columns(hook, CompositionHookRow)))
        _flush(self._s)

    def save(self, hook: CompositionHook) -> None:
        self._s.execute(
            update(CompositionHookRow)
            .where(CompositionHookRow.id == hook.id)
            .values(**_columns(hook, CompositionHookRow))
        )

    def delete(self, hook: CompositionHook) -> None:
        row = self._s.get(CompositionHookRow, hook.id)
        if row is not None:
            self._s.delete(row)
            _flush(self._s)

    def get(self, account_id: uuid.UUID, hook_id: uuid.UUID) -> CompositionHook | None:
        row = self._s.scalar(
            select(CompositionHookRow).where(
                CompositionHookRow.account_id == account_id, CompositionHookRow.id == hook_id
            )
        )
        return None if row is None else _hook(row)

    def by_name(self, account_id: uuid.UUID, friendly_name: str) -> CompositionHook | None:
        row = self._s.scalar(
            select(CompositionHookRow).where(
                CompositionHookRow.account_id == account_id,
                CompositionHookRow.friendly_name == friendly_name,
            )
        )
        return None if row is None else _hook(row)

    def list(self, account_id: uuid.UUID) -> Sequence[CompositionHook]:
        rows = self._s.scalars(
            select(CompositionHookRow)
            .where(CompositionHookRow.account_id == account_id)
            .order_by(CompositionHookRow.created_at.desc(), CompositionHookRow.id)
        )
        return [_hook(r) for r in rows]


def _hook(row: CompositionHookRow) -> CompositionHook:
    return _entity(
        CompositionHook, row,
        audio_sources=tuple(row.audio_sources),
        audio_sources_excluded=tuple(row.audio_sources_excluded),
        format=OutputFormat(row.format),
    )  # fmt: skip


class SqlWebhookRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, delivery: WebhookDelivery) -> None:
        self._s.add(WebhookDeliveryRow(id=delivery.id, **_delivery_columns(delivery)))
        _flush(self._s)

    def save(self, delivery: WebhookDelivery) -> None:
        self._s.execute(
            update(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.id == delivery.id)
            .values(**_delivery_columns(delivery))
        )

    def due(self, now: datetime, limit: int) -> Sequence[WebhookDelivery]:
        rows = self._s.scalars(
            select(WebhookDeliveryRow)
            .where(
                WebhookDeliveryRow.status == DeliveryStatus.PENDING.value,
                WebhookDeliveryRow.next_attempt_at <= now,
            )
            .order_by(WebhookDeliveryRow.next_attempt_at, WebhookDeliveryRow.created_at)
            .limit(limit)
        )
        return [_delivery(r) for r in rows]

    def list(self, account_id: uuid.UUID, limit: int) -> Sequence[WebhookDelivery]:
        rows = self._s.scalars(
            select(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.account_id == account_id)
            .order_by(WebhookDeliveryRow.created_at.desc())
            .limit(limit)
        )
        return [_delivery(r) for r in rows]


def _delivery_columns(d: WebhookDelivery) -> dict[str, Any]:
    return {
        "account_id": d.account_id,
        "event": d.event,
        "data": dict(d.data),
        "callback": d.callback.to_mapping(),
        "status": d.status.value,
        "attempts": [
            {
                "at": a.at.isoformat(),
                "url": a.url,
                "status_code": a.status_code,
                "error": a.error,
                "duration_ms": a.duration_ms,
            }
            for a in d.attempts
        ],
        "created_at": d.created_at,
        "next_attempt_at": d.next_attempt_at,
    }


def _delivery(row: WebhookDeliveryRow) -> WebhookDelivery:
    callback = Callback.from_mapping(row.callback)
    assert callback is not None
    return WebhookDelivery(
        id=row.id,
        account_id=row.account_id,
        event=row.event,
        data=row.data,
        callback=callback,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        status=DeliveryStatus(row.status),
        attempts=tuple(
            Attempt(
                at=datetime.fromisoformat(a["at"]),
                url=a["url"],
                status_code=a["status_code"],
                error=a["error"],
                duration_ms=a["duration_ms"],
            )
            for a in row.attempts
        ),
    )


def _recording(row: RecordingRow) -> Recording:
    return _entity(Recording, row, kind=MediaKind(row.kind), status=RecordingStatus(row.status))


def _composition(row: CompositionRow) -> Composition:
    return _entity(
        Composition, row,
        audio_sources=tuple(row.audio_sources),
        audio_sources_excluded=tuple(row.audio_sources_excluded),
        format=OutputFormat(row.format),
        status=CompositionStatus(row.status),
    )  # fmt: skip


def _flush(session: Session) -> None:
    """Flush, turning what the database refuses about a value into a domain error."""
    try:
        session.flush()
    except DataError as exc:
        session.rollback()
        raise InvalidInput(
            "", "a value holds characters or sizes the database cannot store"
        ) from exc


def _account(row: AccountRow) -> Account:
    return _entity(Account, row)


def _credential(row: CredentialRow) -> Credential:
    return _entity(Credential, row, kind=CredentialKind(row.kind))


def _room_columns(room: Room) -> dict[str, Any]:
    return _columns(room, RoomRow, settings=settings_to_json(room.settings))


def _room(row: RoomRow) -> Room:
    return _entity(
        Room, row, settings=settings_from_json(row.settings), status=RoomStatus(row.status)
    )


def _session(row: RoomSessionRow) -> RoomSession:
    return _entity(RoomSession, row)


def _participant(row: ParticipantRow) -> Participant:
    return _entity(Participant, row, role=Role(row.role))


def _token(row: JoinTokenRow) -> JoinToken:
    return _entity(JoinToken, row, role=Role(row.role))


def _columns(entity: Any, row_type: type[Base], **overrides: Any) -> dict[str, Any]:
    """The row's columns (but its id) from a domain dataclass: enums by value, mappings as
    dicts, tuples as lists; `overrides` for what needs more than that."""
    names = set(row_type.__table__.columns.keys()) - {"id"}
    values = {f.name: _plain(getattr(entity, f.name)) for f in fields(entity) if f.name in names}
    return values | overrides


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _entity(entity_type: type[E], row: Base, /, **overrides: Any) -> E:
    """A domain dataclass from a row: same-named columns, then `overrides`."""
    names = [f.name for f in fields(entity_type)]  # type: ignore[arg-type]
    values = {name: getattr(row, name) for name in names if hasattr(row, name)}
    return entity_type(**(values | overrides))
