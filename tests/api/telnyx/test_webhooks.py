"""Telnyx webhooks: the envelope and payloads of each event, signed with the account's
Ed25519 key and verified the way Telnyx's SDK verifies them; tampering and stale timestamps
are caught; a primary URL that times out hands over to the failover URL."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telnyx import Telnyx
from telnyx.lib import webhook_verification
from telnyx.lib.webhook_verification import WebhookVerificationError, verify_webhook_signature

from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.api.conftest import upload_track
from tests.api.telnyx.conftest import api_key, join, public_key, unique
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.receiver import Received, Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _events(receiver: Receiver, wanted: set[str], seconds: float = 60) -> dict[str, Received]:
    def types(requests: list[Received]) -> set[str]:
        return {json.loads(r.body)["data"]["event_type"] for r in requests}

    receiver.wait_for(lambda requests: wanted <= types(requests), seconds)
    return {json.loads(r.body)["data"]["event_type"]: r for r in receiver.requests}


def test_room_and_composition_events_are_signed_and_shaped(
    telnyx: Telnyx, base_url: str, account: AccountKeys, clips: dict[str, Path],
    worker: InProcessWorker, receiver: Receiver,
) -> None:  # fmt: skip
    room = telnyx.rooms.create(
        unique_name=unique("hooked"), webhook_event_url=f"{receiver.base}/room"
    ).data
    assert room is not None
    issued = telnyx.rooms.actions.generate_join_client_token(room.id).data
    assert issued is not None and issued.token
    person = join(base_url, issued.token)
    session_id = person["session_id"]
    upload_track(base_url, account, uuid.UUID(room.id), clips["alice"], "alice-cam")
    composition = telnyx.room_compositions.create(
        session_id=session_id, resolution="64x48",
        webhook_event_url=f"{receiver.base}/composition",
    ).data  # fmt: skip
    assert composition is not None
    telnyx.rooms.sessions.actions.kick(session_id, participants="all")
    telnyx.rooms.sessions.actions.end(session_id)

    events = _events(
        receiver,
        {
            "video.room.session.started", "video.room.participant.joined",
            "video.room.recording.completed", "video.room.participant.left",
            "video.room.session.ended", "video.room.composition.completed",
        },
    )  # fmt: skip
    key = public_key(base_url, account)
    with Telnyx(api_key=api_key(account), base_url=f"{base_url}/v2", public_key=key) as client:
        for request in receiver.requests:
            verify_webhook_signature(request.body, request.headers, key)
            unwrapped = client.webhooks.unwrap(request.body.decode(), headers=request.headers)
            assert unwrapped is not None

    def payload(event: str) -> dict[str, Any]:
        envelope = json.loads(events[event].body)
        assert envelope["data"]["record_type"] == "event" and envelope["data"]["id"]
        assert envelope["data"]["occurred_at"].endswith("Z")
        assert envelope["meta"]["attempt"] == 1
        body: dict[str, Any] = envelope["data"]["payload"]
        return body

    assert payload("video.room.session.started") == {"session_id": session_id, "room_id": room.id}
    joined = payload("video.room.participant.joined")
    assert joined["participant_id"] == person["participant_id"] and joined["context"]
    left = payload("video.room.participant.left")
    assert left["left_reason"] == "kicked" and left["duration_secs"] >= 0
    ended = payload("video.room.session.ended")
    assert ended["session_id"] == session_id and ended["duration_secs"] >= 0
    recorded = payload("video.room.recording.completed")
    assert recorded["type"] in ("audio", "video") and recorded["duration_secs"] == 2
    assert httpx.get(recorded["download_url"]).status_code == 200
    composed = payload("video.room.composition.completed")
    assert composed["composition_id"] == composition.id and composed["format"] == "mp4"
    assert composed["resolution"] == "64x48" and composed["size_mb"] > 0
    assert httpx.get(composed["download_url"]).headers["content-type"] == "video/mp4"
    assert events["video.room.composition.completed"].path == "/composition"
    assert events["video.room.session.started"].path == "/room"


def test_tampering_and_stale_timestamps_are_caught(
    telnyx: Telnyx, base_url: str, account: AccountKeys, other_account: AccountKeys,
    worker: InProcessWorker, receiver: Receiver, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    room = telnyx.rooms.create(webhook_event_url=f"{receiver.base}/room").data
    assert room is not None
    issued = telnyx.rooms.actions.generate_join_client_token(room.id).data
    assert issued is not None and issued.token
    join(base_url, issued.token)
    request = _events(receiver, {"video.room.session.started"})["video.room.session.started"]
    key = public_key(base_url, account)
    verify_webhook_signature(request.body, request.headers, key)

    tampered = request.body.replace(b'"session_id":"', b'"session_id":"0')
    with pytest.raises(WebhookVerificationError):
        verify_webhook_signature(tampered, request.headers, key)
    with pytest.raises(WebhookVerificationError):  # another tenant's key
        verify_webhook_signature(request.body, request.headers, public_key(base_url, other_account))
    sent_at = int(request.headers["telnyx-timestamp"])
    monkeypatch.setattr(webhook_verification.time, "time", lambda: sent_at + 301)
    with pytest.raises(WebhookVerificationError, match="timestamp"):
        verify_webhook_signature(request.body, request.headers, key)


def test_a_primary_url_that_times_out_hands_over_to_the_failover(
    telnyx: Telnyx, base_url: str, worker: InProcessWorker, receiver: Receiver,
) -> None:  # fmt: skip
    with running_receiver() as slow:
        slow.delay_seconds = 3.0
        room = telnyx.rooms.create(
            webhook_event_url=f"{slow.base}/primary",
            webhook_event_failover_url=f"{receiver.base}/failover",
            webhook_timeout_secs=1,
        ).data
        assert room is not None
        issued = telnyx.rooms.actions.generate_join_client_token(room.id).data
        assert issued is not None and issued.token
        started = time.monotonic()
        join(base_url, issued.token)
        got = _events(receiver, {"video.room.session.started"}, seconds=30)
        request = got["video.room.session.started"]
        assert request.path == "/failover"
        envelope = json.loads(request.body)
        assert envelope["meta"]["attempt"] == 3
        assert envelope["meta"]["delivered_to"] == f"{receiver.base}/failover"
        assert time.monotonic() - started < 20
