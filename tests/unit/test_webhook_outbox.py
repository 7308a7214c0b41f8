"""The outbox's retry schedule: which URL each attempt goes to, and which events a callback hears."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from roomcast.core.webhooks import MAX_ATTEMPTS, Attempt, Callback, DeliveryStatus, WebhookDelivery

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _urls(callback: Callback) -> list[str]:
    delivery = WebhookDelivery(
        id=uuid.uuid4(), account_id=uuid.uuid4(), event="session.started", data={},
        callback=callback, created_at=NOW, next_attempt_at=NOW,
    )  # fmt: skip
    urls = []
    while delivery.status is DeliveryStatus.PENDING:
        url = delivery.url_for_next_attempt()
        urls.append(url)
        failed = Attempt(at=NOW, url=url, status_code=None, error="timeout", duration_ms=1.0)
        delivery = delivery.record(failed, timedelta(seconds=1))
    return urls


def test_the_failover_takes_the_attempts_after_the_primary_ones() -> None:
    twilio = Callback("http://a/", "twilio", failover_url="http://b/")
    assert _urls(twilio) == ["http://a/"] * 4 + ["http://b/"]
    telnyx = Callback("http://a/", "telnyx", failover_url="http://b/", primary_attempts=2)
    assert _urls(telnyx) == ["http://a/"] * 2 + ["http://b/"] * 3
    assert (
        _urls(Callback("http://a/", "telnyx", primary_attempts=2)) == ["http://a/"] * MAX_ATTEMPTS
    )


def test_a_callback_hears_only_its_events_and_survives_storage() -> None:
    everything = Callback("http://a/", "twilio")
    assert everything.hears("anything")
    some = Callback("http://a/", "telnyx", events=("session.started",), primary_attempts=2)
    assert some.hears("session.started") and not some.hears("room.created")
    stored = Callback.from_mapping({**some.to_mapping(), "events": ["session.started"]})
    assert stored == some
