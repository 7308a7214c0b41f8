"""What every service needs: the repositories of one unit of work, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from roomcast.core.ports import (
    AccountRepository,
    BlobStore,
    Clock,
    CompositionRepository,
    HookRepository,
    MediaProbe,
    MessageSigner,
    RecordingRepository,
    RoomRepository,
    SessionRepository,
    TokenCodec,
    TokenRepository,
    WebhookRepository,
)


@dataclass(frozen=True)
class Repositories:
    accounts: AccountRepository
    rooms: RoomRepository
    sessions: SessionRepository
    tokens: TokenRepository
    recordings: RecordingRepository
    compositions: CompositionRepository
    hooks: HookRepository
    webhooks: WebhookRepository


@dataclass(frozen=True)
class ServiceContext:
    repos: Repositories
    clock: Clock
    token_codec: TokenCodec
    storage: BlobStore
    probe: MediaProbe
    signer: MessageSigner
    # Called after the unit of work commits a new job: wakes the worker.
    after_commit: Callable[[Callable[[], None]], None]
