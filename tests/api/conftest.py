from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from roomcast.bootstrap import Container
from roomcast.core.accounts import CredentialKind
from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.media import BLUE, GREEN, RED, YELLOW, Clip, write_clip

API = "/api/v1"


def bearer(account: AccountKeys) -> dict[str, str]:
    key = account.key(CredentialKind.ROOMCAST_API_KEY)
    return {"Authorization": f"Bearer rc_{key.credential.public_id}.{key.secret}"}


@pytest.fixture(scope="session")
def worker(container: Container) -> Iterator[InProcessWorker]:
    running = InProcessWorker(container, processes=1, poll_seconds=0.2)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def native(base_url: str, account: AccountKeys) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url + API, headers=bearer(account), timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clips")
    specs = {"alice": (RED, 440), "bob": (GREEN, 660), "carol": (BLUE, 880), "dave": (YELLOW, 1100)}
    return {
        name: write_clip(folder / f"{name}.webm", Clip(seconds=1.5, colour=colour, tone=tone))
        for name, (colour, tone) in specs.items()
    }


def upload_track(
    base_url: str,
    account: AccountKeys,
    room_id: uuid.UUID,
    clip: Path,
    name: str,
    offset: float = 0.0,
    participant: str = "",
) -> list[dict[str, Any]]:
    """Import one track file into a room through the native API."""
    with (
        httpx.Client(base_url=base_url + API, headers=bearer(account)) as native,
        clip.open("rb") as f,
    ):
        response = native.post(
            f"/rooms/{room_id}/recordings",
            files={"file": (clip.name, f)},
            data={"name": name, "offset": str(offset), "participant": participant},
        )
    assert response.status_code == 201, response.text
    recordings: list[dict[str, Any]] = response.json()
    return recordings
