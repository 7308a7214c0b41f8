"""The composition root: the one place that wires adapters into services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roomcast.adapters.security.clock import SystemClock
from roomcast.core.ports import Clock, PreviewPainter
from roomcast.services.accounts import AccountService
from roomcast.services.composing import Composer
from roomcast.services.joining import JoinService
from roomcast.services.rooms import RoomService

# The database stack is imported only where it is used: `roomcast compose` needs none of
# it, and it would cost a second of start-up.
if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from roomcast.config import Settings


@dataclass(frozen=True)
class Services:
    """The services of one unit of work."""

    accounts: AccountService
    rooms: RoomService
    joining: JoinService


@dataclass
class Container:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Clock = field(default_factory=SystemClock)

    def services_for(self, session: Session) -> Services:
        from roomcast.adapters.db.repositories import (
            SqlAccountRepository,
            SqlRoomRepository,
            SqlSessionRepository,
            SqlTokenRepository,
        )
        from roomcast.adapters.security.jwt_codec import JwtTokenCodec
        from roomcast.services.context import Repositories, ServiceContext

        repos = Repositories(
            accounts=SqlAccountRepository(session),
            rooms=SqlRoomRepository(session),
            sessions=SqlSessionRepository(session),
            tokens=SqlTokenRepository(session),
        )
        ctx = ServiceContext(repos=repos, clock=self.clock, token_codec=JwtTokenCodec())
        return Services(
            accounts=AccountService(ctx), rooms=RoomService(ctx), joining=JoinService(ctx)
        )

    @contextmanager
    def services(self) -> Iterator[Services]:
        """Services over one transaction, committed when the block succeeds."""
        from roomcast.adapters.db.engine import unit_of_work

        with unit_of_work(self.session_factory) as session:
            yield self.services_for(session)

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
