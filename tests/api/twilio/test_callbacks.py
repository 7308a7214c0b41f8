"""Composition status callbacks: Twilio's events and parameters, signed as the SDK's
RequestValidator checks them, delivered through the durable outbox with retries."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from roomcast.core.accounts import CredentialKind
from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.api.conftest import bearer, upload_track
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.receiver import Received, Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _room_with_audio(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> str:
    room = twilio.video.v1.rooms.create(unique_name=f"cb-{uuid.uuid4().hex[:6]}")
    upload_track(base_url, account, uuid.UUID(hex=room.sid[2:]), clips["alice"], "alice")
    return room.sid


def _valid(request: Received, receiver: Receiver, token: str) -> bool:
    url = receiver.base + request.path
    params = dict(parse_qsl(request.body.decode())) if request.method == "POST" else {}
    return RequestValidator(token).validate(url, params, request.headers["X-Twilio-Signature"])


def _settled_log(base_url: str, account: AccountKeys, seconds: float = 60) -> list[dict[str, Any]]:
    """The delivery log once no delivery is pending any more."""
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=f"{base_url}/api/v1", headers=bearer(account)) as native:
        while True:
            log: list[dict[str, Any]] = native.get("/webhooks").json()
            if (
                log
                and all(d["status"] != "pending" for d in log)
                and any(d["event"] != "composition.enqueued" for d in log)
            ):
                return log
            assert time.monotonic() < deadline, log
            time.sleep(0.1)


def _events(requests: list[Received]) -> list[str]:
    found = []
    for r in requests:
        query = r.body.decode() if r.method == "POST" else r.path.split("?", 1)[1]
        found.append(dict(parse_qsl(query))["StatusCallbackEvent"])
    return found


def test_every_composition_event_arrives_signed_and_in_order(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path],
    worker: InProcessWorker, receiver: Receiver,
) -> None:  # fmt: skip
    room_sid = _room_with_audio(twilio, base_url, account, clips)
    composition = twilio.video.v1.compositions.create(
        room_sid=room_sid,
        audio_sources=["*"],
        format="mp4",
        status_callback=f"{receiver.base}/callbacks/composition",
    )
    requests = receiver.wait_for(lambda rs: "composition-available" in _events(rs))
    token = account.key(CredentialKind.TWILIO_AUTH_TOKEN).secret
    assert all(_valid(r, receiver, token) for r in requests)
    events = _events(requests)
    assert events[0] == "composition-enqueued"
    assert events[1] == "composition-started"
    assert events[-1] == "composition-available"
    assert set(events[2:-1]) <= {"composition-progress"}
    final = dict(parse_qsl(requests[-1].body.decode()))
    assert final["CompositionSid"] == composition.sid and final["RoomSid"] == room_sid
    assert final["AccountSid"] == "AC" + account.account.id.hex
    assert final["MediaUri"] == f"/v1/Compositions/{composition.sid}/Media"
    assert int(final["Size"]) > 0 and int(final["Duration"]) >= 1
    for progress in [r for r in requests if "composition-progress" in _events([r])]:
        params = dict(parse_qsl(progress.body.decode()))
        assert 0 <= int(params["PercentageDone"]) <= 100 and int(params["SecondsRemaining"]) >= 0
    tampered = Received(
        requests[-1].method,
        requests[-1].path,
        requests[-1].headers,
        requests[-1].body.replace(b"Size=", b"Size=9"),
    )
    assert not _valid(tampered, receiver, token)


def test_failures_are_retried_and_every_attempt_is_logged(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path],
    worker: InProcessWorker, receiver: Receiver,
) -> None:  # fmt: skip
    receiver.statuses = [500, 503]  # the first two tries fail
    room_sid = _room_with_audio(twilio, base_url, account, clips)
    twilio.video.v1.compositions.create(
        room_sid=room_sid,
        audio_sources=["*"],
        status_callback=f"{receiver.base}/cb",
        status_callback_method="GET",
    )
    receiver.wait_for(lambda rs: "composition-available" in _events(rs))
    assert all(r.method == "GET" for r in receiver.requests)
    token = account.key(CredentialKind.TWILIO_AUTH_TOKEN).secret
    assert all(_valid(r, receiver, token) for r in receiver.requests)
    log = _settled_log(base_url, account)
    assert log and all(d["status"] == "delivered" for d in log)
    codes = [[a["status_code"] for a in d["attempts"]] for d in log]
    assert all(c[-1] == 200 for c in codes)
    assert sorted(code for c in codes for code in c if code != 200) == [500, 503]
    retried = [c for c in codes if len(c) > 1]
    assert retried and all(len(set(c[:-1]) - {500, 503}) == 0 for c in retried)


def test_a_callback_that_never_answers_ends_failed_after_five_attempts(
    twilio: Client,
    base_url: str,
    account: AccountKeys,
    clips: dict[str, Path],
    worker: InProcessWorker,
) -> None:
    room_sid = _room_with_audio(twilio, base_url, account, clips)
    dead = "http://127.0.0.1:9/nobody-listens"  # the discard port: connection refused
    twilio.video.v1.compositions.create(
        room_sid=room_sid, audio_sources=["*"], status_callback=dead
    )
    log = _settled_log(base_url, account)
    enqueued = [d for d in log if d["event"] == "composition.enqueued"]
    assert enqueued[0]["status"] == "failed"
    attempts = enqueued[0]["attempts"]
    assert len(attempts) == 5
    assert all(a["status_code"] is None and a["error"] for a in attempts)


def test_a_status_callback_must_be_an_http_url(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path]
) -> None:
    from twilio.base.exceptions import TwilioRestException

    room_sid = _room_with_audio(twilio, base_url, account, clips)
    with pytest.raises(TwilioRestException) as caught:
        twilio.video.v1.compositions.create(
            room_sid=room_sid, audio_sources=["*"], status_callback="ftp://example/x"
        )
    assert (caught.value.status, caught.value.code) == (400, 53111)


def test_a_hook_that_cannot_compose_says_so(
    twilio: Client, base_url: str, account: AccountKeys, clips: dict[str, Path],
    worker: InProcessWorker, receiver: Receiver,
) -> None:  # fmt: skip
    hook = twilio.video.v1.composition_hooks.create(
        friendly_name="Nobody",
        video_layout={"grid": {"video_sources": ["nobody-*"]}},
        status_callback=f"{receiver.base}/callbacks/hook",
    )
    room_sid = _room_with_audio(twilio, base_url, account, clips)
    twilio.video.v1.rooms(room_sid).update(status="completed")

    requests = receiver.wait_for(lambda rs: "composition-hook-failed" in _events(rs))
    token = account.key(CredentialKind.TWILIO_AUTH_TOKEN).secret
    assert all(_valid(r, receiver, token) for r in requests)
    params = dict(parse_qsl(requests[-1].body.decode()))
    assert params["CompositionHookSid"] == hook.sid and params["RoomSid"] == room_sid
    assert params["ErrorMessage"] and params["ErrorCode"] == "53631"
    assert twilio.video.v1.compositions.list(room_sid=room_sid) == []
