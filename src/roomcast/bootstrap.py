"""The composition root: the one place that wires adapters into services."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roomcast.adapters.security.clock import SystemClock
from roomcast.core.ports import BlobStore, Clock, PreviewPainter, WebhookSender
from roomcast.services.accounts import AccountService
from roomcast.services.composing import Composer
from roomcast.services.compositions import CompositionService
from roomcast.services.hooks import HookService
from roomcast.services.joining import JoinService
from roomcast.services.media_links import MediaLinks
from roomcast.services.recordings import RecordingService
from roomcast.services.rooms import RoomService
from roomcast.services.webhooks import WebhookService

# The database and media stacks are imported only where they are used: `roomcast compose`
# needs no database, and importing it would cost a second of start-up.
if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from roomcast.config import Settings
    from roomcast.services.context import Repositories
    from roomcast.services.jobs import CompositionRunner


@dataclass(frozen=True)
class Services:
    """The services of one unit of work."""

    accounts: AccountService
    rooms: RoomService
    joining: JoinService
    recordings: RecordingService
    compositions: CompositionService
    media_links: MediaLinks
    hooks: HookService
    webhooks: WebhookService


def _noop() -> None:
    pass


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Clock = field(default_factory=SystemClock)
    # Wakes the worker when a job is committed; the in-process worker sets it.
    wake_worker: Callable[[], None] = _noop
    _storage: BlobStore | None = None

    @property
    def storage(self) -> BlobStore:
        if self._storage is None:
            from roomcast.adapters.storage.local import LocalBlobStore

            self._storage = LocalBlobStore(self.settings.data_dir / "media")
        return self._storage

    def repositories(self, session: Session) -> Repositories:
        from roomcast.adapters.db.repositories import (
            SqlAccountRepository,
            SqlCompositionRepository,
            SqlHookRepository,
            SqlRecordingRepository,
            SqlRoomRepository,
            SqlSessionRepository,
            SqlTokenRepository,
            SqlWebhookRepository,
        )
        from roomcast.services.context import Repositories

        return Repositories(
            accounts=SqlAccountRepository(session),
            rooms=SqlRoomRepository(session),
            sessions=SqlSessionRepository(session),
            tokens=SqlTokenRepository(session),
            recordings=SqlRecordingRepository(session),
            compositions=SqlCompositionRepository(session),
            hooks=SqlHookRepository(session),
            webhooks=SqlWebhookRepository(session),
        )

    def services_for(
        self, session: Session, after_commit: Callable[[Callable[[], None]], None]
    ) -> Services:
        from roomcast.adapters.media.probe import PyAvProbe
        from roomcast.adapters.security.ed25519 import Ed25519Signer
        from roomcast.adapters.security.jwt_codec import JwtTokenCodec
        from roomcast.services.context import ServiceContext

        ctx = ServiceContext(
            repos=self.repositories(session),
            clock=self.clock,
            token_codec=JwtTokenCodec(),
            storage=self.storage,
            probe=PyAvProbe(),
            signer=Ed25519Signer(),
            after_commit=after_commit,
        )
        compositions = CompositionService(ctx, self._wake)
        return Services(
            accounts=AccountService(ctx),
            rooms=RoomService(ctx),
            joining=JoinService(ctx),
            recordings=RecordingService(ctx),
            compositions=compositions,
            media_links=MediaLinks(ctx),
            hooks=HookService(ctx, compositions),
            webhooks=WebhookService(ctx),
        )

    def _wake(self) -> None:
        # Looked up at call time: the worker installs wake_worker after services exist.
        self.wake_worker()

    @contextmanager
    def services(self) -> Iterator[Services]:
        """Services over one transaction, committed when the block succeeds; what they asked
        to run after the commit runs then, and is dropped on a rollback."""
        from roomcast.adapters.db.engine import unit_of_work

        pending: list[Callable[[], None]] = []
        with unit_of_work(self.session_factory) as session:
            yield self.services_for(session, pending.append)
        for callback in pending:
            callback()

    @contextmanager
    def transaction(self) -> Iterator[Repositories]:
        from roomcast.adapters.db.engine import unit_of_work

        with unit_of_work(self.session_factory) as session:
            yield self.repositories(session)

    def composition_runner(self) -> CompositionRunner:
        from roomcast.adapters.media.renderer import PyAvRenderer
        from roomcast.services.jobs import CompositionRunner

        return CompositionRunner(self.transaction, PyAvRenderer(), self.storage, self.clock)

    def webhook_sender(self) -> WebhookSender:
        from roomcast.adapters.webhooks.http import HttpxWebhookSender

        return HttpxWebhookSender(self.settings.webhook_allowed_hosts)

    def migrate(self) -> None:
        from roomcast.adapters.db.engine import upgrade

        upgrade(self.engine)


def build_container(settings: Settings | None = None, clock: Clock | None = None) -> Container:
    from roomcast.adapters.db.engine import make_engine, make_session_factory
    from roomcast.config import Settings

    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    return Container(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        clock=clock or SystemClock(),
    )


def local_composer() -> Composer:
    """Composition with no server and no database: what `roomcast compose` uses."""
    from roomcast.adapters.media.probe import PyAvProbe
    from roomcast.adapters.media.renderer import PyAvRenderer

    return Composer(PyAvProbe(), PyAvRenderer())


def preview_painter() -> PreviewPainter:
    from roomcast.adapters.media.preview import OpenCvPreviewPainter

    return OpenCvPreviewPainter()
