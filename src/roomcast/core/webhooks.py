"""Webhooks: a durable outbox of deliveries, each retried with backoff, every attempt logged.

The domain names events generically ("composition.progress") and keeps a snapshot of the
data at event time; each dialect renders them in its vendor's shape and signs them."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Callback:
    """Where a resource's events go, and which vendor's shape and signature they take."""

    url: str
    scheme: str  # the dialect that renders and signs: "twilio", ...
    method: str = "POST"
    failover_url: str | None = None
    timeout_seconds: float = 10.0
    # The domain events this callback hears; empty: every one.
    events: tuple[str, ...] = ()
    # Attempts at the primary URL before the rest go to the failover URL, if there is one.
    primary_attempts: int = MAX_ATTEMPTS - 1

    def to_mapping(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Callback | None:
        if not data:
            return None
        return cls(**{**data, "events": tuple(data.get("events", ()))})

    def hears(self, event: str) -> bool:
        return not self.events or event in self.events


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True)
class Attempt:
    at: datetime
    url: str
    status_code: int | None
    error: str | None
    duration_ms: float

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class WebhookDelivery:
    id: uuid.UUID
    account_id: uuid.UUID
    event: str
    data: Mapping[str, Any]
    callback: Callback
    created_at: datetime
    next_attempt_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: tuple[Attempt, ...] = field(default_factory=tuple)

    def url_for_next_attempt(self) -> str:
        """The first attempts go to the primary URL, the rest to the failover, if any."""
        if self.callback.failover_url and len(self.attempts) >= self.callback.primary_attempts:
            return self.callback.failover_url
        return self.callback.url

    def record(self, attempt: Attempt, backoff_base: timedelta) -> WebhookDelivery:
        attempts = (*self.attempts, attempt)
        if attempt.succeeded:
            return dataclasses.replace(self, attempts=attempts, status=DeliveryStatus.DELIVERED)
        if len(attempts) >= MAX_ATTEMPTS:
            return dataclasses.replace(self, attempts=attempts, status=DeliveryStatus.FAILED)
        delay = backoff_base * (2 ** (len(attempts) - 1))
        return dataclasses.replace(self, attempts=attempts, next_attempt_at=attempt.at + delay)
