"""Shared fixtures. `backend` runs a test on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from roomcast.adapters.security.clock import ShiftableClock
from roomcast.bootstrap import Container, build_container
from roomcast.config import Settings
from tests.fixtures.accounts import AccountKeys, create_account
from tests.fixtures.databases import BACKENDS, database_url
from tests.fixtures.fuzzing import summary
from tests.fixtures.server import free_port, running_server


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def session_clock() -> ShiftableClock:
    return ShiftableClock()


@pytest.fixture
def clock(session_clock: ShiftableClock) -> Iterator[ShiftableClock]:
    yield session_clock
    session_clock.reset()


@pytest.fixture(scope="session")
def container(
    backend: str, tmp_path_factory: pytest.TempPathFactory, session_clock: ShiftableClock
) -> Iterator[Container]:
    tmp: Path = tmp_path_factory.mktemp(backend)
    port = free_port()  # known before the server starts: media links name it
    with database_url(backend, tmp) as url:
        settings = Settings(
            port=port,
            public_url=f"http://127.0.0.1:{port}",
            database_url=url,
            data_dir=tmp / "data",
            max_body_bytes=64 * 1024,
            # Tests send webhooks to local receivers only, never beyond this machine.
            webhook_allowed_hosts=["127.0.0.1", "localhost"],
            webhook_backoff_seconds=0.1,
        )
        built = build_container(settings, clock=session_clock)
        built.migrate()
        yield built
        built.engine.dispose()


@pytest.fixture(scope="session")
def base_url(container: Container) -> Iterator[str]:
    with running_server(container, container.settings.port) as url:
        yield url


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


@pytest.fixture
def account(container: Container) -> AccountKeys:
    return create_account(container)


@pytest.fixture
def other_account(container: Container) -> AccountKeys:
    return create_account(container)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in summary():
        terminalreporter.write_line(line)
