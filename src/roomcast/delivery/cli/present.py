"""Credentials printed the way each dialect spells them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.console import Console

from roomcast.core.accounts import Account, Dialect, IssuedCredential
from roomcast.delivery.http.enablex import credentials as enablex
from roomcast.delivery.http.native import credentials as native
from roomcast.delivery.http.openvidu import credentials as openvidu
from roomcast.delivery.http.telnyx import credentials as telnyx
from roomcast.delivery.http.twilio import credentials as twilio

PRESENTERS: dict[Dialect, Callable[[IssuedCredential, str], dict[str, str]]] = {
    Dialect.TWILIO: twilio.present,
    Dialect.TELNYX: telnyx.present,
    Dialect.OPENVIDU: openvidu.present,
    Dialect.ENABLEX: enablex.present,
    Dialect.NATIVE: native.present,
}


def print_credentials(
    console: Console, account: Account, issued: Iterable[IssuedCredential], base_url: str
) -> None:
    # Plain lines, never wrapped, so that each value can be copied whole.
    console.print(f"[bold]Credentials of account {account.name!r}[/bold] (shown only now)")
    for item in issued:
        dialect = item.credential.kind.dialect
        console.print(f"[cyan]{dialect.value}[/cyan]  key {item.credential.id}", soft_wrap=True)
        for label, value in PRESENTERS[dialect](item, base_url).items():
            console.print(f"    {label}: {value}", soft_wrap=True, highlight=False)
