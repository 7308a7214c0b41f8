"""Twilio status callbacks: form-encoded parameters with Twilio's names, signed with
X-Twilio-Signature (HMAC-SHA1 of the URL and the sorted parameters, keyed by the account's
auth token), as twilio.request_validator.RequestValidator checks it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from roomcast.core.accounts import CredentialKind
from roomcast.core.webhooks import WebhookDelivery
from roomcast.delivery.http.twilio.credentials import ACCOUNT_SID_PREFIX
from roomcast.delivery.http.twilio.mapping import (
    COMPOSITION,
    HOOK,
    PARTICIPANT,
    RECORDING,
    ROOM,
    TRACK,
    sid,
    when,
)
from roomcast.services.webhooks import RenderContext, SignedRequest

# The domain events Twilio has a callback for, and its names for them.
EVENT_NAMES = {
    "room.created": "room-created",
    "room.ended": "room-ended",
    "participant.connected": "participant-connected",
    "participant.disconnected": "participant-disconnected",
    "track.added": "track-added",
    "track.removed": "track-removed",
    "recording.completed": "recording-completed",
    "composition.enqueued": "composition-enqueued",
    "composition.started": "composition-started",
    "composition.progress": "composition-progress",
    "composition.available": "composition-available",
    "composition.failed": "composition-failed",
    "composition_hook.failed": "composition-hook-failed",
}
EVENTS = tuple(EVENT_NAMES)
# The events that go to a room's StatusCallback.
ROOM_EVENT_PREFIXES = ("room.", "participant.", "track.", "recording.")


def signature(url: str, params: Mapping[str, str], auth_token: str) -> str:
    payload = url + "".join(f"{name}{params[name]}" for name in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def render(delivery: WebhookDelivery, url: str, ctx: RenderContext) -> SignedRequest:
    params = _params(delivery, ctx.now)
    token = ctx.accounts.plain_secret(delivery.account_id, CredentialKind.TWILIO_AUTH_TOKEN)
    if delivery.callback.method == "GET":
        full = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        return SignedRequest(full, "GET", b"", {"X-Twilio-Signature": signature(full, {}, token)})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": signature(url, params, token),
    }
    return SignedRequest(url, "POST", urlencode(params).encode(), headers)


def _params(delivery: WebhookDelivery, now: datetime) -> dict[str, str]:
    if delivery.event.startswith(ROOM_EVENT_PREFIXES):
        return _room_params(delivery, now)
    if delivery.event == "composition_hook.failed":
        return _hook_params(delivery, now)
    data = delivery.data
    composition = sid(COMPOSITION, uuid.UUID(data["composition_id"]))
    params = {
        "AccountSid": ACCOUNT_SID_PREFIX + delivery.account_id.hex,
        "RoomSid": sid(ROOM, uuid.UUID(data["room_id"])),
        "CompositionSid": composition,
        "StatusCallbackEvent": EVENT_NAMES[delivery.event],
        "Timestamp": when(now) or "",
        "CompositionUri": f"/v1/Compositions/{composition}",
    }
    if delivery.event == "composition.progress":
        params["PercentageDone"] = str(int(data["progress"] * 100))
        params["SecondsRemaining"] = str(round(data["eta_seconds"] or 0))
    if delivery.event == "composition.available":
        params["MediaUri"] = f"/v1/Compositions/{composition}/Media"
        params["Duration"] = str(round(data["duration"]))
        params["Size"] = str(data["size"])
    if delivery.event == "composition.failed":
        params["ErrorMessage"] = str(data.get("error") or "")
    return params


def _hook_params(delivery: WebhookDelivery, now: datetime) -> dict[str, str]:
    data = delivery.data
    return {
        "AccountSid": ACCOUNT_SID_PREFIX + delivery.account_id.hex,
        "RoomSid": sid(ROOM, uuid.UUID(data["room_id"])),
        "CompositionHookSid": sid(HOOK, uuid.UUID(data["hook_id"])),
        "StatusCallbackEvent": EVENT_NAMES[delivery.event],
        "Timestamp": when(now) or "",
        # Twilio's warning 53631: "Failed to enqueue a room composition from a configured
        # composition hook".
        "ErrorCode": "53631",
        "ErrorMessage": str(data.get("error") or ""),
    }


def _room_params(delivery: WebhookDelivery, now: datetime) -> dict[str, str]:
    data = delivery.data
    params = {
        "AccountSid": ACCOUNT_SID_PREFIX + delivery.account_id.hex,
        "RoomSid": sid(ROOM, uuid.UUID(data["room_id"])),
        "RoomName": data["room_name"],
        "RoomStatus": "completed" if data["room_status"] == "completed" else "in-progress",
        "RoomType": "group",
        "StatusCallbackEvent": EVENT_NAMES[delivery.event],
        "Timestamp": when(now) or "",
    }
    if delivery.event == "room.ended":
        params["RoomDuration"] = str(data["room_duration_secs"])
    if delivery.event.startswith(("participant.", "track.")):
        left = delivery.event == "participant.disconnected"
        params.update(_participant_params(data, with_duration=left))
    if delivery.event.startswith("track."):
        params["TrackSid"] = sid(TRACK, uuid.UUID(data["track_id"]))
        params["TrackKind"] = data["kind"]
        params["TrackName"] = data["track_name"]
    if delivery.event == "recording.completed":
        params.update(_recording_params(data))
    return params


def _participant_params(data: Mapping[str, Any], with_duration: bool) -> dict[str, str]:
    params = {
        "ParticipantSid": sid(PARTICIPANT, uuid.UUID(data["participant_id"])),
        "ParticipantIdentity": data["identity"],
        "ParticipantStatus": data["participant_status"],
    }
    if with_duration and data.get("participant_duration_secs") is not None:
        params["ParticipantDuration"] = str(data["participant_duration_secs"])
    return params


def _recording_params(data: Mapping[str, Any]) -> dict[str, str]:
    """A track recording's fields, named as the Recordings resource names them."""
    recording = sid(RECORDING, uuid.UUID(data["recording_id"]))
    return {
        "RecordingSid": recording,
        "RecordingUri": f"/v1/Recordings/{recording}",
        "MediaUri": f"/v1/Recordings/{recording}/Media",
        "SourceSid": sid(TRACK, uuid.UUID(data["recording_id"])),
        "Type": data["kind"],
        "Codec": data["codec"],
        "Duration": str(max(1, round(data["duration"]))),
        "Size": str(data["size"]),
    }
