"""ORM tables. Every row of a tenant's data carries its account_id."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Stores aware UTC datetimes; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime, dict[str, Any]: JSON}


class AccountRow(Base):
    __tablename__ = "accounts"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    token_secret: Mapped[str] = mapped_column(String(200))
    signing_seed: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class CredentialRow(Base):
    __tablename__ = "credentials"
    __table_args__ = (Index("ix_credentials_kind_public_id", "kind", "public_id"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    public_id: Mapped[str] = mapped_column(String(64))
    secret_hash: Mapped[str] = mapped_column(String(64))
    plain_secret: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class RoomRow(Base):
    __tablename__ = "rooms"
    __table_args__ = (Index("ix_rooms_account_id_created_at", "account_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    short_id: Mapped[str] = mapped_column(String(24), unique=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    unique_name: Mapped[str | None] = mapped_column(String(200))
    owner_ref: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    settings: Mapped[dict[str, Any]]
    custom_data: Mapped[dict[str, Any]]
    dialect_extras: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RoomSessionRow(Base):
    __tablename__ = "room_sessions"
    __table_args__ = (Index("ix_room_sessions_room_id_ended_at", "room_id", "ended_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class ParticipantRow(Base):
    __tablename__ = "participants"
    __table_args__ = (Index("ix_participants_session_id_left_at", "session_id", "left_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("room_sessions.id", ondelete="CASCADE")
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    identity: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]
    custom_data: Mapped[dict[str, Any]]


class TrackRow(Base):
    __tablename__ = "tracks"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(20))
    published_at: Mapped[datetime]
    unpublished_at: Mapped[datetime | None]


class JoinTokenRow(Base):
    __tablename__ = "join_tokens"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    room_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("rooms.id", ondelete="CASCADE"), index=True
    )
    identity: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    single_use: Mapped[bool]
    used_at: Mapped[datetime | None]
    custom_data: Mapped[dict[str, Any]]


class RecordingRow(Base):
    __tablename__ = "recordings"
    __table_args__ = (Index("ix_recordings_account_id_created_at", "account_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("room_sessions.id", ondelete="CASCADE"), index=True
    )
    track_name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    offset: Mapped[float] = mapped_column(Float)
    duration: Mapped[float] = mapped_column(Float)
    size: Mapped[int] = mapped_column(BigInteger)
    container: Mapped[str] = mapped_column(String(40))
    codec: Mapped[str] = mapped_column(String(40))
    width: Mapped[int]
    height: Mapped[int]
    participant: Mapped[str] = mapped_column(Text)
    media_key: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]


class CompositionRow(Base):
    __tablename__ = "compositions"
    __table_args__ = (
        Index("ix_compositions_account_id_created_at", "account_id", "created_at"),
        Index("ix_compositions_status", "status"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("room_sessions.id", ondelete="CASCADE")
    )
    video_layout: Mapped[dict[str, Any]]
    audio_sources: Mapped[list[str]] = mapped_column(JSON)
    audio_sources_excluded: Mapped[list[str]] = mapped_column(JSON)
    resolution: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(10))
    trim: Mapped[bool]
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[float] = mapped_column(Float)
    eta_seconds: Mapped[float | None] = mapped_column(Float)
    duration: Mapped[float] = mapped_column(Float)
    size: Mapped[int] = mapped_column(BigInteger)
    bitrate: Mapped[int] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    media_key: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int]
    extras: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]


class CompositionHookRow(Base):
    __tablename__ = "composition_hooks"
    __table_args__ = (
        Index(
            "ix_composition_hooks_account_id_friendly_name",
            "account_id",
            "friendly_name",
            unique=True,
        ),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    friendly_name: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool]
    video_layout: Mapped[dict[str, Any]]
    audio_sources: Mapped[list[str]] = mapped_column(JSON)
    audio_sources_excluded: Mapped[list[str]] = mapped_column(JSON)
    resolution: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(10))
    trim: Mapped[bool]
    extras: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class WebhookDeliveryRow(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_account_id_created_at", "account_id", "created_at"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]]
    callback: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
