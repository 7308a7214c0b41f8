"""`roomcast serve` from nothing: migrations, a dev account, and the seed's requests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.enablex.seed_examples import CREATE_ROOM, CREATE_TOKEN, ROOM_KEYS, UPDATE_ROOM
from tests.fixtures.server import free_port, wait_until_healthy


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    env = {**os.environ, "ROOMCAST_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "roomcast", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env, "COLUMNS": "200"},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, alive=lambda: proc.poll() is None, log=str(log))
        yield base, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_creates_a_dev_account_and_answers_the_seed_examples(
    served: tuple[str, Path],
) -> None:
    base, log = served
    output = log.read_text()
    app_id = re.search(r"APP_ID: (\S+)", output).group(1)  # type: ignore[union-attr]
    app_key = re.search(r"APP_KEY: (\S+)", output).group(1)  # type: ignore[union-attr]
    with httpx.Client(base_url=f"{base}/video/v2", auth=(app_id, app_key)) as enablex:
        created = enablex.post("/rooms", json=CREATE_ROOM).json()
        assert created["result"] == 0
        assert set(created["room"]) == ROOM_KEYS
        room_id = created["room"]["room_id"]
        assert set(enablex.get("/rooms").json()) == {"result", "rooms"}
        assert enablex.get(f"/rooms/{room_id}").json()["room"]["room_id"] == room_id
        assert enablex.patch(f"/rooms/{room_id}", json=UPDATE_ROOM).json() == {"result": 0}
        users = enablex.get(f"/rooms/{room_id}/users").json()
        assert users == {"result": 0, "total": 0, "users": []}
        token = enablex.post(f"/rooms/{room_id}/tokens", json=CREATE_TOKEN).json()
        assert set(token) == {"result", "token"}
        assert enablex.delete(f"/rooms/{room_id}").json() == {"result": 0}

    # Structured logs: one JSON line per request, each with its request id.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["event"] == "http.request"]
    assert {r["path"] for r in requests} >= {"/video/v2/rooms", f"/video/v2/rooms/{room_id}"}
    assert all(len(r["request_id"]) == 32 and r["status"] < 500 for r in requests)
