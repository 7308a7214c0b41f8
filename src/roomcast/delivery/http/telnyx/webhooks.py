"""Telnyx webhooks: the `{data: {record_type: "event", event_type, id, occurred_at, payload}}`
envelope, signed with the account's Ed25519 key as `telnyx-signature-ed25519` (base64 of the
signature of `{timestamp}|{body}`) and `telnyx-timestamp` (Unix seconds), which the SDK's
`verify_webhook_signature` checks with the account's public key."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from roomcast.core.webhooks import WebhookDelivery
from roomcast.delivery.http.telnyx.mapping import MEDIA_PATH, size_mb, when
from roomcast.services.webhooks import RenderContext, SignedRequest

Data = Mapping[str, Any]
LINK_TTL = timedelta(days=1)


def _session(data: Data, ctx: RenderContext) -> dict[str, Any]:
    return {"session_id": data["session_id"], "room_id": data["room_id"]}


def _session_ended(data: Data, ctx: RenderContext) -> dict[str, Any]:
    return {
        **_session(data, ctx),
        "duration_secs": data["session_duration_secs"],
        "ended_reason": data.get("reason", "ended"),
    }


def _participant(data: Data, ctx: RenderContext) -> dict[str, Any]:
    return {
        "participant_id": data["participant_id"],
        "session_id": data["session_id"],
        "room_id": data["room_id"],
        "context": data["identity"],
    }


def _participant_left(data: Data, ctx: RenderContext) -> dict[str, Any]:
    return {
        **_participant(data, ctx),
        "duration_secs": data["participant_duration_secs"] or 0,
        "left_reason": data.get("reason", "left"),
    }


def _recording(data: Data, ctx: RenderContext) -> dict[str, Any]:
    return {
        "recording_id": data["recording_id"],
        "participant_id": data["participant_id"],
        "session_id": data["session_id"],
        "room_id": data["room_id"],
        "type": data["kind"],
        "codec": data["codec"],
        "download_url": _download_url(data, ctx),
        "duration_secs": round(data["duration"]),
        "size_mb": size_mb(data["size"]),
    }


def _composition(data: Data, ctx: RenderContext) -> dict[str, Any]:
    return {
        "composition_id": data["composition_id"],
        "room_id": data["room_id"],
        "session_id": data["session_id"],
        "download_url": _download_url(data, ctx),
        "duration_secs": round(data["duration"]),
        "format": data["format"],
        "resolution": data["resolution"],
        "size_mb": size_mb(data["size"]),
    }


def _download_url(data: Data, ctx: RenderContext) -> str | None:
    key = data.get("media_key")
    if not key:
        return None
    account = ctx.accounts.get(uuid.UUID(data["account_id"]))
    token = ctx.media_links.sign(account, key, LINK_TTL)
    return f"{ctx.public_url}{MEDIA_PATH}/{token}"


# The domain events Telnyx has a webhook for: its name, and its payload.
EVENTS: dict[str, tuple[str, Callable[[Data, RenderContext], dict[str, Any]]]] = {
    "session.started": ("video.room.session.started", _session),
    "session.ended": ("video.room.session.ended", _session_ended),
    "participant.connected": ("video.room.participant.joined", _participant),
    "participant.disconnected": ("video.room.participant.left", _participant_left),
    "recording.completed": ("video.room.recording.completed", _recording),
    "composition.available": ("video.room.composition.completed", _composition),
}


def envelope(delivery: WebhookDelivery, url: str, ctx: RenderContext) -> dict[str, Any]:
    event_type, payload = EVENTS[delivery.event]
    data = {**delivery.data, "account_id": str(delivery.account_id)}
    return {
        "data": {
            "record_type": "event",
            "event_type": event_type,
            "id": str(delivery.id),
            "occurred_at": when(delivery.created_at),
            "payload": payload(data, ctx),
        },
        "meta": {"attempt": len(delivery.attempts) + 1, "delivered_to": url},
    }


def render(delivery: WebhookDelivery, url: str, ctx: RenderContext) -> SignedRequest:
    body = json.dumps(envelope(delivery, url, ctx), separators=(",", ":")).encode()
    timestamp = str(int(ctx.now.timestamp()))
    account = ctx.accounts.get(delivery.account_id)
    signature = ctx.accounts.sign_webhook(account, f"{timestamp}|".encode() + body)
    headers = {
        "Content-Type": "application/json",
        "telnyx-signature-ed25519": signature,
        "telnyx-timestamp": timestamp,
    }
    return SignedRequest(url, "POST", body, headers)
