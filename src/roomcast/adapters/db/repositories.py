"""Repositories: every SQL query lives here, and every tenant query filters by account."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from roomcast.adapters.db.models import (
    AccountRow,
    CredentialRow,
    JoinTokenRow,
    ParticipantRow,
    RoomRow,
    RoomSessionRow,
)
from roomcast.adapters.db.settings_codec import settings_from_json, settings_to_json
from roomcast.core.accounts import Account, Credential, CredentialKind
from roomcast.core.rooms import Participant, Role, Room, RoomSession, RoomStatus
from roomcast.core.tokens import JoinToken


class SqlAccountRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, account: Account) -> None:
        self._s.add(
            AccountRow(
                id=account.id,
                name=account.name,
                token_secret=account.token_secret,
                created_at=account.created_at,
            )
        )
        self._s.flush()

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
        self._s.add(
            CredentialRow(
                id=credential.id,
                account_id=credential.account_id,
                kind=credential.kind.value,
                public_id=credential.public_id,
                secret_hash=credential.secret_hash,
                plain_secret=credential.plain_secret,
                created_at=credential.created_at,
                revoked_at=credential.revoked_at,
            )
        )
        self._s.flush()

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
        self._s.flush()

    def update(self, room: Room) -> None:
        row = self._row(room.account_id, room.id)
        for key, value in _room_columns(room).items():
            setattr(row, key, value)
        self._s.flush()

    def delete(self, room: Room) -> None:
        self._s.delete(self._row(room.account_id, room.id))
        self._s.flush()

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
        self._s.add(
            RoomSessionRow(
                id=session.id,
                room_id=session.room_id,
                account_id=session.account_id,
                started_at=session.started_at,
                ended_at=session.ended_at,
            )
        )
        self._s.flush()

    def add_participant(self, participant: Participant) -> None:
        self._s.add(
            ParticipantRow(
                id=participant.id,
                session_id=participant.session_id,
                account_id=participant.account_id,
                identity=participant.identity,
                name=participant.name,
                role=participant.role.value,
                joined_at=participant.joined_at,
                left_at=participant.left_at,
                custom_data=dict(participant.custom_data),
            )
        )
        self._s.flush()

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
        self._s.add(
            JoinTokenRow(
                id=token.id,
                account_id=token.account_id,
                room_id=token.room_id,
                identity=token.identity,
                name=token.name,
                role=token.role.value,
                issued_at=token.issued_at,
                expires_at=token.expires_at,
                single_use=token.single_use,
                used_at=token.used_at,
                custom_data=dict(token.custom_data),
            )
        )
        self._s.flush()

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


def _account(row: AccountRow) -> Account:
    return Account(
        id=row.id, name=row.name, created_at=row.created_at, token_secret=row.token_secret
    )


def _credential(row: CredentialRow) -> Credential:
    return Credential(
        id=row.id,
        account_id=row.account_id,
        kind=CredentialKind(row.kind),
        public_id=row.public_id,
        secret_hash=row.secret_hash,
        plain_secret=row.plain_secret,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def _room_columns(room: Room) -> dict[str, Any]:
    return {
        "account_id": room.account_id,
        "name": room.name,
        "unique_name": room.unique_name,
        "owner_ref": room.owner_ref,
        "status": room.status.value,
        "settings": settings_to_json(room.settings),
        "custom_data": dict(room.custom_data),
        "dialect_extras": dict(room.dialect_extras),
        "created_at": room.created_at,
        "updated_at": room.updated_at,
    }


def _room(row: RoomRow) -> Room:
    return Room(
        id=row.id,
        account_id=row.account_id,
        name=row.name,
        owner_ref=row.owner_ref,
        settings=settings_from_json(row.settings),
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=RoomStatus(row.status),
        unique_name=row.unique_name,
        custom_data=row.custom_data,
        dialect_extras=row.dialect_extras,
    )


def _session(row: RoomSessionRow) -> RoomSession:
    return RoomSession(
        id=row.id,
        room_id=row.room_id,
        account_id=row.account_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


def _participant(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id,
        session_id=row.session_id,
        account_id=row.account_id,
        identity=row.identity,
        name=row.name,
        role=Role(row.role),
        joined_at=row.joined_at,
        left_at=row.left_at,
        custom_data=row.custom_data,
    )


def _token(row: JoinTokenRow) -> JoinToken:
    return JoinToken(
        id=row.id,
        account_id=row.account_id,
        room_id=row.room_id,
        identity=row.identity,
        name=row.name,
        role=Role(row.role),
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        single_use=row.single_use,
        used_at=row.used_at,
        custom_data=row.custom_data,
    )
