"""Domain objects as Telnyx spells them: UUIDs, `record_type`, ISO 8601 with microseconds."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from roomcast.core.compositions import Composition
from roomcast.core.errors import InvalidInput, NotFound
from roomcast.core.layout.model import Canvas
from roomcast.core.recordings import Recording
from roomcast.core.rooms import Participant, Room, RoomSession
from roomcast.core.webhooks import Callback

DIALECT = "telnyx"
PREFIX = "/v2"
MEDIA_PATH = f"{PREFIX}/media"
# Telnyx composes at most 1280x720 worth of pixels, each side 16..1280.
MAX_PIXELS = 1280 * 720
# The domain events a Telnyx webhook URL hears (the rest have no Telnyx event).
ROOM_EVENTS = (
    "session.started",
    "session.ended",
    "participant.connected",
    "participant.disconnected",
    "recording.completed",
)
COMPOSITION_EVENTS = ("composition.available",)
# Two tries at the primary URL, then the failover URL takes the rest.
PRIMARY_ATTEMPTS = 2
DEFAULT_TIMEOUT_SECONDS = 10.0


def when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_id(value: str, entity: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(entity, value) from None


def check_resolution(text: str) -> str:
    canvas = Canvas.parse(text)
    if canvas.width * canvas.height > MAX_PIXELS:
        raise InvalidInput(
            "resolution", f"{text}: width * height must not exceed 1280 * 720 ({MAX_PIXELS})"
        )
    return str(canvas)


def webhook_fields(extras: dict[str, Any]) -> dict[str, Any]:
    return {
        "webhook_event_url": extras.get("webhook_event_url"),
        "webhook_event_failover_url": extras.get("webhook_event_failover_url") or "",
        "webhook_timeout_secs": extras.get("webhook_timeout_secs"),
    }


def callback(fields: dict[str, Any], events: tuple[str, ...]) -> dict[str, Any] | None:
    """The outbox callback for a resource's webhook_* fields, as a mapping to store."""
    if not fields.get("webhook_event_url"):
        return None
    return Callback(
        url=fields["webhook_event_url"],
        scheme=DIALECT,
        failover_url=fields.get("webhook_event_failover_url") or None,
        timeout_seconds=float(fields.get("webhook_timeout_secs") or DEFAULT_TIMEOUT_SECONDS),
        events=events,
        primary_attempts=PRIMARY_ATTEMPTS,
    ).to_mapping()


def room_to_wire(
    room: Room, active: RoomSession | None, sessions: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    extras = dict(room.dialect_extras.get(DIALECT, {}))
    body: dict[str, Any] = {
        "record_type": "room",
        "id": str(room.id),
        "unique_name": room.unique_name,
        "max_participants": room.settings.max_participants or 10,
        "enable_recording": room.settings.recording.auto_record,
        "active_session_id": str(active.id) if active else None,
        "created_at": when(room.created_at),
        "updated_at": when(room.updated_at),
        **webhook_fields(extras),
    }
    if sessions is not None:
        body["sessions"] = sessions
    return body


def session_to_wire(
    session: RoomSession, participants: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "record_type": "room_session",
        "id": str(session.id),
        "room_id": str(session.room_id),
        "active": session.active,
        "created_at": when(session.started_at),
        "updated_at": when(session.ended_at or session.started_at),
        "ended_at": when(session.ended_at),
    }
    if participants is not None:
        body["participants"] = participants
    return body


def participant_to_wire(participant: Participant) -> dict[str, Any]:
    return {
        "record_type": "room_participant",
        "id": str(participant.id),
        "session_id": str(participant.session_id),
        "context": context_of(participant),
        "joined_at": when(participant.joined_at),
        "left_at": when(participant.left_at),
        "updated_at": when(participant.left_at or participant.joined_at),
    }


def context_of(participant: Participant) -> str:
    return str(participant.custom_data.get("context", participant.identity))


def recording_to_wire(
    recording: Recording, session_start: datetime, download_url: str | None
) -> dict[str, Any]:
    started = session_start + timedelta(seconds=recording.offset)
    ended = started + timedelta(seconds=recording.duration)
    return {
        "record_type": "room_recording",
        "id": str(recording.id),
        "room_id": str(recording.room_id),
        "session_id": str(recording.session_id),
        "participant_id": str(recording.participant_id),
        "type": recording.kind.value,
        "status": recording.status.value,
        "codec": recording.codec,
        "download_url": download_url,
        "duration_secs": round(recording.duration),
        "size_mb": size_mb(recording.size),
        "started_at": when(started),
        "ended_at": when(ended),
        "completed_at": when(recording.created_at),
        "created_at": when(recording.created_at),
        "updated_at": when(recording.created_at),
    }


def size_mb(size: int) -> float:
    return round(size / 1_000_000, 3)


def composition_to_wire(composition: Composition, download_url: str | None) -> dict[str, Any]:
    extras = dict(composition.extras.get(DIALECT, {}))
    return {
        "record_type": "composition",
        "id": str(composition.id),
        "room_id": str(composition.room_id),
        "session_id": str(composition.session_id),
        "user_id": str(composition.account_id),
        "status": composition.status.value,
        "format": composition.format.value,
        "resolution": composition.resolution,
        "video_layout": extras.get("video_layout", {}),
        "download_url": download_url,
        "duration_secs": round(composition.duration) if composition.duration else None,
        "size_mb": size_mb(composition.size) if composition.size else None,
        "created_at": when(composition.created_at),
        "updated_at": when(
            composition.completed_at or composition.started_at or composition.created_at
        ),
        "started_at": when(composition.started_at),
        "ended_at": when(composition.completed_at),
        "completed_at": when(composition.completed_at),
        **webhook_fields(extras),
    }
