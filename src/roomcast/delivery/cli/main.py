"""`roomcast` commands: serve, db, accounts."""

from __future__ import annotations

import re
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from roomcast.bootstrap import Container, Services, build_container
from roomcast.core.accounts import CredentialKind
from roomcast.core.errors import RoomcastError
from roomcast.core.rooms import Room
from roomcast.delivery.cli.compose import compose, layout_app, parse_track
from roomcast.delivery.cli.console import console, fail
from roomcast.delivery.cli.present import print_credentials
from roomcast.delivery.worker.inprocess import InProcessWorker
from roomcast.services.recordings import TrackImport

app = typer.Typer(
    help="roomcast: self-hosted video rooms.", no_args_is_help=True, pretty_exceptions_enable=False
)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
accounts_app = typer.Typer(help="Accounts (tenants) and their credentials.", no_args_is_help=True)
keys_app = typer.Typer(help="An account's keys: list, add, revoke.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(accounts_app, name="accounts")
app.add_typer(layout_app, name="layout")
app.command()(compose)
accounts_app.add_typer(keys_app, name="keys")
DEV_ACCOUNT = "dev"


@contextmanager
def _services() -> Iterator[tuple[Container, Services]]:
    container = build_container()
    try:
        container.migrate()
        with container.services() as services:
            yield container, services
    except RoomcastError as exc:
        fail(exc)
    finally:
        container.engine.dispose()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Apply the migrations, make a dev account if there is none, and serve HTTP."""
    import uvicorn

    from roomcast.delivery.http.app import create_app
    from roomcast.delivery.http.logging import configure_logging

    with _services() as (container, services):
        if not services.accounts.list():
            account, issued = services.accounts.create(DEV_ACCOUNT)
            print_credentials(console, account, issued, container.settings.public_url)
    settings = container.settings
    configure_logging(settings.log_level, settings.log_json)
    served = build_container(settings)
    worker = InProcessWorker(served, settings.render_processes, settings.worker_poll_seconds)
    worker.start()
    console.print(f"roomcast serving on http://{host or settings.host}:{port or settings.port}")
    try:
        uvicorn.run(
            create_app(served),
            host=host or settings.host,
            port=port or settings.port,
            log_level="warning",
        )
    finally:
        worker.stop()


@app.command()
def worker() -> None:
    """Run only the job worker (no HTTP), until interrupted."""
    from roomcast.delivery.http.logging import configure_logging

    with _services() as (container, _):
        pass
    configure_logging(container.settings.log_level, container.settings.log_json)
    running = InProcessWorker(
        build_container(container.settings),
        container.settings.render_processes,
        container.settings.worker_poll_seconds,
    )
    requeued = running.start()
    console.print(f"worker running ({requeued} interrupted job(s) requeued); Ctrl-C stops it")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()


@app.command("import")
def import_tracks(
    account: Annotated[str, typer.Option(help="Account name or id.")],
    room: Annotated[str, typer.Option(help="Room id (uuid, or a 24-hex EnableX room_id).")],
    track: Annotated[list[str], typer.Option(help="NAME=FILE[@OFFSET seconds], repeatable.")],
    session: Annotated[str | None, typer.Option(help="Session id (default: a new one).")] = None,
    participant: Annotated[str, typer.Option(help="Participant the tracks belong to.")] = "",
) -> None:
    """Import existing track files into a room session, as recordings."""
    with _services() as (_, services):
        found = services.accounts.find(account)
        target = _find_room(services, found.id, room)
        files = [parse_track(t) for t in track]
        imports = [TrackImport(f.name, f.path, f.offset, participant) for f in files]
        session_id = _parse_uuid(session, "session") if session else None
        recordings = services.recordings.import_tracks(target, imports, session_id)
        for r in recordings:
            console.print(
                f"{r.id}  {r.kind.value:<5} {r.track_name}  +{r.offset:.2f}s  "
                f"{r.duration:.2f}s  session {r.session_id}",
                soft_wrap=True,
                highlight=False,
            )


def _find_room(services: Services, account_id: uuid.UUID, ref: str) -> Room:
    if re.fullmatch(r"[0-9a-f]{24}", ref):
        return services.rooms.get_by_short_id(account_id, ref)
    return services.rooms.get(account_id, _parse_uuid(ref, "room"))


def _parse_uuid(text: str, entity: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        fail(f"{text!r} is not a {entity} id")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration."""
    with _services():
        console.print("database is up to date")


@accounts_app.command("create")
def accounts_create(name: str) -> None:
    """Create an account and print its credentials for every dialect."""
    with _services() as (container, services):
        account, issued = services.accounts.create(name)
        print_credentials(console, account, issued, container.settings.public_url)


@accounts_app.command("list")
def accounts_list() -> None:
    """List the accounts."""
    with _services() as (_, services):
        table = Table("id", "name", "created")
        for account in services.accounts.list():
            table.add_row(str(account.id), account.name, account.created_at.isoformat())
        console.print(table)


@accounts_app.command("public-key")
def accounts_public_key(account: str) -> None:
    """Print the base64 Ed25519 public key that verifies the account's Telnyx webhooks."""
    with _services() as (_, services):
        found = services.accounts.find(account)
        print(services.accounts.webhook_public_key(found))


@keys_app.command("list")
def keys_list(account: str) -> None:
    """List an account's keys (never their secrets)."""
    with _services() as (_, services):
        found = services.accounts.find(account)
        table = Table("key id", "kind", "public id", "created", "revoked")
        for key in services.accounts.keys(found):
            revoked = key.revoked_at.isoformat() if key.revoked_at else ""
            table.add_row(
                str(key.id), key.kind.value, key.public_id, key.created_at.isoformat(), revoked
            )
        console.print(table)


@keys_app.command("add")
def keys_add(
    account: str,
    kind: Annotated[CredentialKind, typer.Option(help="Which dialect's key.")],
) -> None:
    """Add a key and print it once."""
    with _services() as (container, services):
        found = services.accounts.find(account)
        issued = services.accounts.add_key(found, kind)
        print_credentials(console, found, [issued], container.settings.public_url)


@keys_app.command("revoke")
def keys_revoke(account: str, key_id: str) -> None:
    """Revoke a key: it stops working at once."""
    with _services() as (_, services):
        found = services.accounts.find(account)
        services.accounts.revoke_key(found, _parse_uuid(key_id, "key"))
        console.print(f"revoked {key_id}")


def main() -> None:  # pragma: no cover
    sys.exit(app())
