"""The webhook outbox: events are rows written in the same transaction as the change they
report; a dispatcher sends the due ones, signed in their dialect's scheme, and logs every try."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from roomcast.core.ids import new_id
from roomcast.core.ports import Clock, WebhookSender
from roomcast.core.rooms import Room
from roomcast.core.webhooks import Attempt, Callback, WebhookDelivery
from roomcast.services.accounts import AccountService
from roomcast.services.context import Repositories, ServiceContext
from roomcast.services.media_links import MediaLinks

log = logging.getLogger("roomcast.webhooks")


@dataclass(frozen=True)
class SignedRequest:
    url: str
    method: str
    body: bytes
    headers: Mapping[str, str]


class RenderServices(Protocol):
    @property
    def accounts(self) -> AccountService: ...
    @property
    def media_links(self) -> MediaLinks: ...


@dataclass(frozen=True)
class RenderContext:
    """What a dialect may use to shape and sign a delivery: secrets, keys, media links."""

    accounts: AccountService
    media_links: MediaLinks
    public_url: str
    now: datetime


class WebhookRenderer(Protocol):
    """A dialect's shape and signature for one delivery (to the given URL)."""

    def __call__(
        self, delivery: WebhookDelivery, url: str, ctx: RenderContext
    ) -> SignedRequest: ...


def enqueue(
    repos: Repositories, account_id: uuid.UUID, callback: Callback | None, event: str,
    *, data: Mapping[str, Any], now: datetime,
) -> None:  # fmt: skip
    if callback is None or not callback.hears(event):
        return
    repos.webhooks.add(
        WebhookDelivery(
            id=new_id(),
            account_id=account_id,
            event=event,
            data=dict(data),
            callback=callback,
            created_at=now,
            next_attempt_at=now,
        )
    )


def enqueue_room_event(
    repos: Repositories, room: Room, event: str, extra: Mapping[str, Any], now: datetime
) -> None:
    """An event of the room's, to its callback: the room's fields, then the event's own."""
    data = {**room.event_data(), **extra}
    enqueue(repos, room.account_id, room.callback, event, data=data, now=now)


class WebhookService:
    """Reading the outbox: the delivery log an account sees."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._repos = ctx.repos

    def deliveries(self, account_id: uuid.UUID, limit: int) -> Sequence[WebhookDelivery]:
        return self._repos.webhooks.list(account_id, limit)


class WebhookDispatcher:
    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[Repositories]],
        services: Callable[[], AbstractContextManager[RenderServices]],
        sender: WebhookSender,
        renderers: Mapping[str, WebhookRenderer],
        clock: Clock,
        *,
        public_url: str,
        backoff_base: timedelta = timedelta(seconds=2),
    ) -> None:
        self._tx = transaction
        self._services = services
        self._public_url = public_url.rstrip("/")
        self._sender = sender
        self._renderers = renderers
        self._clock = clock
        self._backoff = backoff_base

    def deliver_due(self, limit: int = 50) -> int:
        """Try every due delivery once; returns how many were tried."""
        with self._tx() as repos:
            due = list(repos.webhooks.due(self._clock.now(), limit))
        for delivery in due:
            self._try(delivery)
        return len(due)

    def _try(self, delivery: WebhookDelivery) -> None:
        # No transaction stays open across the HTTP call: render, send, then record.
        url = delivery.url_for_next_attempt()
        started = time.perf_counter()
        status: int | None = None
        error: str | None = f"no renderer for {delivery.callback.scheme!r}"
        renderer = self._renderers.get(delivery.callback.scheme)
        if renderer is not None:
            with self._services() as services:
                ctx = RenderContext(
                    services.accounts, services.media_links, self._public_url, self._clock.now()
                )
                request = renderer(delivery, url, ctx)
            status, error = self._sender.send(
                request.url, request.method, request.body, request.headers,
                delivery.callback.timeout_seconds,
            )  # fmt: skip
        attempt = Attempt(
            at=self._clock.now(), url=url, status_code=status, error=error,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )  # fmt: skip
        with self._tx() as repos:
            repos.webhooks.save(delivery.record(attempt, self._backoff))
        if not attempt.succeeded:
            fields = {"id": str(delivery.id), "url": url, "status": status, "error": error}
            log.info("webhooks.attempt_failed", extra={"fields": fields})
