"""The accounts commands, run as a user would run them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roomcast.delivery.cli.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROOMCAST_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COLUMNS", "200")


def test_accounts_create_prints_credentials_for_every_dialect() -> None:
    result = runner.invoke(app, ["accounts", "create", "acme"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"AccountSid: AC[0-9a-f]{32}", out)
    assert re.search(r"AuthToken: [0-9a-f]{32}", out)
    assert re.search(r"API key SID: SK[0-9a-f]{32}", out)
    assert re.search(r"API key: KEY[0-9a-f]{32}_\S+", out)
    assert re.search(r"APP_ID: [0-9a-f]{24}", out)
    assert re.search(r"X-API-KEY: [0-9a-f]{32}\.\S+", out)

    listed = runner.invoke(app, ["accounts", "list"])
    assert "acme" in listed.output


def test_a_duplicate_account_is_a_clear_error_not_a_traceback() -> None:
    runner.invoke(app, ["accounts", "create", "acme"])
    result = runner.invoke(app, ["accounts", "create", "acme"])
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "Traceback" not in result.output


def test_keys_add_list_and_revoke() -> None:
    runner.invoke(app, ["accounts", "create", "acme"])
    added = runner.invoke(app, ["accounts", "keys", "add", "acme", "--kind", "enablex_app_key"])
    assert added.exit_code == 0, added.output
    key_id = re.search(r"enablex\s+key (\S+)", added.output).group(1)  # type: ignore[union-attr]

    listed = runner.invoke(app, ["accounts", "keys", "list", "acme"])
    assert key_id in listed.output
    secret = re.search(r"APP_KEY: (\S+)", added.output).group(1)  # type: ignore[union-attr]
    assert secret not in listed.output

    revoked = runner.invoke(app, ["accounts", "keys", "revoke", "acme", key_id])
    assert revoked.exit_code == 0, revoked.output
    again = runner.invoke(app, ["accounts", "keys", "revoke", "acme", key_id])
    assert again.exit_code == 1
    assert "not found" in again.output


def test_unknown_account_and_bad_key_id() -> None:
    assert runner.invoke(app, ["accounts", "keys", "list", "nobody"]).exit_code == 1
    runner.invoke(app, ["accounts", "create", "acme"])
    result = runner.invoke(app, ["accounts", "keys", "revoke", "acme", "xyz"])
    assert result.exit_code == 1
    assert "not a key id" in result.output


def test_import_puts_track_files_into_a_room_session(tmp_path: Path) -> None:
    from roomcast.bootstrap import build_container
    from roomcast.services.rooms import RoomDraft
    from tests.fixtures.media import RED, Clip, write_clip

    runner.invoke(app, ["accounts", "create", "acme"])
    container = build_container()
    with container.services() as services:
        account = services.accounts.find("acme")
        room = services.rooms.create(account.id, RoomDraft(name="r"))
    container.engine.dispose()
    clip = write_clip(tmp_path / "a.webm", Clip(seconds=1, colour=RED, tone=440))
    result = runner.invoke(
        app,
        ["import", "--account", "acme", "--room", room.short_id, "--track", f"alice={clip}@1.5",
         "--participant", "p1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "alice" in line]
    assert {line.split()[1] for line in lines} == {"video", "audio"}
    assert all("+1.50s" in line for line in lines)

    missing = runner.invoke(
        app,
        [
            "import",
            "--account",
            "acme",
            "--room",
            room.short_id,
            "--track",
            f"b={tmp_path / 'none.webm'}",
        ],
    )
    assert missing.exit_code == 1 and "no such file" in missing.output
    unknown = runner.invoke(
        app, ["import", "--account", "acme", "--room", "0" * 24, "--track", f"a={clip}"]
    )
    assert unknown.exit_code == 1 and "not found" in unknown.output


def test_public_key_prints_the_accounts_ed25519_key() -> None:
    runner.invoke(app, ["accounts", "create", "acme"])
    runner.invoke(app, ["accounts", "create", "other"])
    first = runner.invoke(app, ["accounts", "public-key", "acme"])
    assert first.exit_code == 0, first.output
    key = first.output.strip()
    assert len(base64.b64decode(key, validate=True)) == 32
    assert runner.invoke(app, ["accounts", "public-key", "acme"]).output.strip() == key
    assert runner.invoke(app, ["accounts", "public-key", "other"]).output.strip() != key
    missing = runner.invoke(app, ["accounts", "public-key", "nobody"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
