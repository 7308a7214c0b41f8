"""The CLI's console, and how it reports an error: one line, no traceback."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from roomcast.core.errors import RoomcastError

console = Console()


def fail(error: RoomcastError | str) -> NoReturn:
    message = error.message if isinstance(error, RoomcastError) else error
    console.print(f"[red]error:[/red] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(1)
