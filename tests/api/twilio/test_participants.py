"""Participants and room status callbacks, through the SDK and a validating receiver."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import VideoGrant
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from roomcast.core.accounts import CredentialKind
from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.api.conftest import upload_track
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.receiver import Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def _join(http: httpx.Client, account: AccountKeys, room: str, identity: str) -> None:
    key = account.key(CredentialKind.TWILIO_API_KEY)
    token = AccessToken(
        "AC" + account.account.id.hex,
        "SK" + key.credential.public_id,
        key.secret,
        identity=identity,
    )
    token.add_grant(VideoGrant(room=room))
    assert http.post("/api/v1/join", json={"token": token.to_jwt()}).status_code == 200


def test_participants_list_fetch_and_disconnect(
    twilio: Client, http: httpx.Client, account: AccountKeys
) -> None:
    room = twilio.video.v1.rooms.create(unique_name="workshop")
    for identity in ("alice", "bob"):
        _join(http, account, "workshop", identity)
    participants = twilio.video.v1.rooms(room.sid).participants
    listed = participants.list()
    assert sorted(p.identity for p in listed) == ["alice", "bob"]
    assert all(
        p.sid.startswith("PA") and p.status == "connected" and p.room_sid == room.sid
        for p in listed
    )
    alice = participants("alice").fetch()
    assert participants(alice.sid).fetch().identity == "alice"

    gone = participants(alice.sid).update(status="disconnected")
    assert gone.status == "disconnected" and gone.end_time is not None and gone.duration is not None
    assert [p.identity for p in participants.list(status="connected")] == ["bob"]
    assert [p.identity for p in participants.list(identity="alice")] == ["alice"]
    with pytest.raises(TwilioRestException) as caught:
        participants("carol").fetch()
    assert caught.value.status == 404
    with pytest.raises(TwilioRestException) as caught:
        participants(alice.sid).update(status="reconnecting")
    assert (caught.value.status, caught.value.code) == (400, 53112)

    twilio.video.v1.rooms(room.sid).update(status="completed")
    assert [p.status for p in participants.list()] == ["disconnected", "disconnected"]


def test_room_events_are_sent_signed(
    twilio: Client,
    http: httpx.Client,
    account: AccountKeys,
    receiver: Receiver,
    worker: InProcessWorker,
) -> None:
    room = twilio.video.v1.rooms.create(
        unique_name="signed-room", status_callback=f"{receiver.base}/room-events"
    )
    _join(http, account, "signed-room", "alice")
    alice = twilio.video.v1.rooms(room.sid).participants("alice").fetch()
    twilio.video.v1.rooms(room.sid).participants(alice.sid).update(status="disconnected")
    twilio.video.v1.rooms(room.sid).update(status="completed")

    def events(requests: list) -> list[str]:  # type: ignore[type-arg]
        return [dict(parse_qsl(r.body.decode()))["StatusCallbackEvent"] for r in requests]

    requests = receiver.wait_for(lambda rs: "room-ended" in events(rs))
    assert sorted(events(requests)) == sorted(
        ["room-created", "participant-connected", "participant-disconnected", "room-ended"]
    )
    validator = RequestValidator(account.key(CredentialKind.TWILIO_AUTH_TOKEN).secret)
    for request in requests:
        params = dict(parse_qsl(request.body.decode()))
        assert validator.validate(
            receiver.base + request.path, params, request.headers["X-Twilio-Signature"]
        )
        assert params["RoomSid"] == room.sid and params["RoomName"] == "signed-room"
    by_event = {
        dict(parse_qsl(r.body.decode()))["StatusCallbackEvent"]: dict(parse_qsl(r.body.decode()))
        for r in requests
    }
    assert by_event["participant-disconnected"]["ParticipantSid"] == alice.sid
    assert by_event["participant-disconnected"]["ParticipantIdentity"] == "alice"
    assert "RoomDuration" in by_event["room-ended"]


def test_published_and_subscribed_tracks(
    twilio: Client, http: httpx.Client, base_url: str, account: AccountKeys,
    clips: dict[str, Path],
) -> None:  # fmt: skip
    room = twilio.video.v1.rooms.create(unique_name="tracks")
    _join(http, account, room.sid, "alice")
    _join(http, account, room.sid, "bob")
    room_id = uuid.UUID(hex=room.sid[2:])
    upload_track(base_url, account, room_id, clips["alice"], "alice-cam", participant="alice")
    upload_track(base_url, account, room_id, clips["bob"], "bob-cam", participant="bob")
    people = {p.identity: p for p in twilio.video.v1.rooms(room.sid).participants.list()}
    alice, bob = people["alice"], people["bob"]

    published = twilio.video.v1.rooms(room.sid).participants(alice.sid).published_tracks.list()
    assert sorted(t.kind for t in published) == ["audio", "video"]
    assert {t.name for t in published} == {"alice-cam"}
    assert all(t.sid.startswith("MT") and t.participant_sid == alice.sid for t in published)
    video = next(t for t in published if t.kind == "video")
    fetched = (
        twilio.video.v1.rooms(room.sid).participants(alice.sid).published_tracks(video.sid).fetch()
    )
    assert fetched.name == "alice-cam" and fetched.enabled is True
    recordings = twilio.video.v1.rooms(room.sid).recordings.list(source_sid=video.sid)
    assert [r.track_name for r in recordings] == ["alice-cam"]

    subscribed = twilio.video.v1.rooms(room.sid).participants(alice.sid).subscribed_tracks.list()
    assert {t.name for t in subscribed} == {"bob-cam"} and len(subscribed) == 2
    assert all(t.publisher_sid == bob.sid and t.participant_sid == alice.sid for t in subscribed)
    one = (
        twilio.video.v1.rooms(room.sid)
        .participants(alice.sid)
        .subscribed_tracks(subscribed[0].sid)
        .fetch()
    )
    assert one.publisher_sid == bob.sid

    with pytest.raises(TwilioRestException) as caught:
        twilio.video.v1.rooms(room.sid).participants(alice.sid).subscribed_tracks(video.sid).fetch()
    assert caught.value.status == 404  # nobody subscribes to their own track


def test_track_and_recording_events_follow_imports_and_departures(
    twilio: Client, http: httpx.Client, base_url: str, account: AccountKeys,
    clips: dict[str, Path], receiver: Receiver, worker: InProcessWorker,
) -> None:  # fmt: skip
    room = twilio.video.v1.rooms.create(
        unique_name="track-events", status_callback=f"{receiver.base}/room-events"
    )
    room_id = uuid.UUID(hex=room.sid[2:])
    _join(http, account, room.sid, "alice")
    _join(http, account, room.sid, "bob")
    upload_track(base_url, account, room_id, clips["alice"], "alice-cam", participant="alice")
    # Nobody called carol is connected: her track is recorded, but nobody publishes it.
    upload_track(base_url, account, room_id, clips["bob"], "carol-cam", participant="carol")
    alice = twilio.video.v1.rooms(room.sid).participants("alice").fetch()
    published = {
        t.sid: t
        for t in twilio.video.v1.rooms(room.sid).participants(alice.sid).published_tracks.list()
    }
    twilio.video.v1.rooms(room.sid).participants(alice.sid).update(status="disconnected")
    twilio.video.v1.rooms(room.sid).update(status="completed")

    def params(requests: list) -> list[dict[str, str]]:  # type: ignore[type-arg]
        return [dict(parse_qsl(r.body.decode())) for r in requests]

    requests = receiver.wait_for(
        lambda rs: "room-ended" in [p["StatusCallbackEvent"] for p in params(rs)]
    )
    validator = RequestValidator(account.key(CredentialKind.TWILIO_AUTH_TOKEN).secret)
    for request, sent in zip(requests, params(requests), strict=True):
        assert validator.validate(
            receiver.base + request.path, sent, request.headers["X-Twilio-Signature"]
        )
    by_event: dict[str, list[dict[str, str]]] = {}
    for sent in params(requests):
        by_event.setdefault(sent["StatusCallbackEvent"], []).append(sent)

    added, removed = by_event["track-added"], by_event["track-removed"]
    assert {p["TrackSid"] for p in added} == set(published) == {p["TrackSid"] for p in removed}
    for sent in added + removed:
        track = published[sent["TrackSid"]]
        assert (sent["TrackKind"], sent["TrackName"]) == (track.kind, "alice-cam")
        assert (sent["ParticipantSid"], sent["ParticipantIdentity"]) == (alice.sid, "alice")
    assert "ParticipantDuration" not in removed[0]

    recorded = {r.sid: r for r in twilio.video.v1.rooms(room.sid).recordings.list()}
    completed = by_event["recording-completed"]
    assert {p["RecordingSid"] for p in completed} == set(recorded) and len(completed) == 4
    for sent in completed:
        recording = recorded[sent["RecordingSid"]]
        assert sent["SourceSid"] == recording.source_sid
        assert (sent["Type"], int(sent["Size"])) == (recording.type, recording.size)
        assert sent["RecordingUri"] == f"/v1/Recordings/{recording.sid}"
        assert sent["MediaUri"] == f"/v1/Recordings/{recording.sid}/Media"

    # Ending the room disconnects whoever is still there: bob, who published nothing.
    left = [p["ParticipantIdentity"] for p in by_event["participant-disconnected"]]
    assert sorted(left) == ["alice", "bob"]
