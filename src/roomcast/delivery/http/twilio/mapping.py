"""Domain objects as Twilio spells them: SIDs, snake_case fields, absolute URLs."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from roomcast.core.compositions import Composition
from roomcast.core.errors import InvalidInput, NotFound
from roomcast.core.hooks import CompositionHook
from roomcast.core.recordings import Recording
from roomcast.core.rooms import Participant, Room, RoomStatus
from roomcast.core.timeline.model import MediaKind
from roomcast.delivery.http.twilio.credentials import ACCOUNT_SID_PREFIX

DIALECT = "twilio"
ROOM, RECORDING, COMPOSITION, PARTICIPANT, HOOK, TRACK = "RM", "RT", "CJ", "PA", "HK", "MT"
_SID = re.compile(r"^([A-Z]{2})([0-9a-fA-F]{32})$")
# Twilio's composition limits: each side 16..1280, at most 921,600 pixels.
MAX_SIDE, MAX_PIXELS = 1280, 921_600


def sid(prefix: str, ident: uuid.UUID) -> str:
    return prefix + ident.hex


def parse_sid(prefix: str, value: str, entity: str) -> uuid.UUID:
    match = _SID.match(value)
    if match is None or match[1] != prefix:
        raise NotFound(entity, value)
    return uuid.UUID(hex=match[2])


def when(moment: datetime | None) -> str | None:
    """ISO 8601 UTC to the second with a literal Z: the only shape the SDK parses."""
    return None if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_resolution(text: str) -> str:
    match = re.fullmatch(r"(\d{1,5})x(\d{1,5})", text)
    if match is None:
        raise InvalidInput("Resolution", f"Resolution {text!r} is not {{width}}x{{height}}")
    width, height = int(match[1]), int(match[2])
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise InvalidInput(
            "Resolution",
            f"Resolution {text} is out of range: 16..1280 per side, at most 921,600 pixels",
        )
    return text


def check_callback_url(url: str | None) -> None:
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(
            "StatusCallback", f"StatusCallback {url!r} is not an absolute http(s) URL"
        )


def room_to_wire(room: Room, base: str) -> dict[str, Any]:
    extras = room.dialect_extras.get(DIALECT, {})
    url = f"{base}/v1/Rooms/{sid(ROOM, room.id)}"
    completed = room.status is RoomStatus.COMPLETED
    end_time = room.updated_at if completed else None
    return {
        "sid": sid(ROOM, room.id),
        "status": "completed" if completed else "in-progress",
        "date_created": when(room.created_at),
        "date_updated": when(room.updated_at),
        "account_sid": ACCOUNT_SID_PREFIX + room.account_id.hex,
        "enable_turn": True,
        "unique_name": room.unique_name or sid(ROOM, room.id),
        "status_callback": extras.get("status_callback"),
        "status_callback_method": extras.get("status_callback_method", "POST"),
        "end_time": when(end_time),
        "duration": int((end_time - room.created_at).total_seconds()) if end_time else None,
        "type": extras.get("type", "group"),
        "max_participants": room.settings.max_participants or 0,
        "max_participant_duration": extras.get("max_participant_duration", 14_400),
        "max_concurrent_published_tracks": 0,
        "record_participants_on_connect": room.settings.recording.auto_record,
        "video_codecs": extras.get("video_codecs", ["VP8"]),
        "media_region": extras.get("media_region", "us1"),
        "audio_only": extras.get("audio_only", False),
        "empty_room_timeout": extras.get("empty_room_timeout", 5),
        "unused_room_timeout": extras.get("unused_room_timeout", 5),
        "large_room": False,
        "url": url,
        "links": {
            "participants": f"{url}/Participants",
            "recordings": f"{url}/Recordings",
            "recording_rules": f"{url}/RecordingRules",
            "transcriptions": f"{url}/Transcriptions",
        },
    }


def participant_to_wire(participant: Participant, room: Room, base: str) -> dict[str, Any]:
    room_sid = sid(ROOM, room.id)
    url = f"{base}/v1/Rooms/{room_sid}/Participants/{sid(PARTICIPANT, participant.id)}"
    left = participant.left_at
    return {
        "sid": sid(PARTICIPANT, participant.id),
        "room_sid": room_sid,
        "account_sid": ACCOUNT_SID_PREFIX + participant.account_id.hex,
        "status": participant.status.value,
        "identity": participant.identity,
        "date_created": when(participant.joined_at),
        "date_updated": when(left or participant.joined_at),
        "start_time": when(participant.joined_at),
        "end_time": when(left),
        "duration": int((left - participant.joined_at).total_seconds()) if left else None,
        "url": url,
        "links": {
            "published_tracks": f"{url}/PublishedTracks",
            "subscribed_tracks": f"{url}/SubscribedTracks",
            "subscribe_rules": f"{url}/SubscribeRules",
            "anonymize": f"{url}/Anonymize",
        },
    }


def track_to_wire(
    recording: Recording, publisher: Participant, room: Room, base: str,
    subscriber: Participant | None = None,
) -> dict[str, Any]:  # fmt: skip
    """A published track (or, given its subscriber, a subscribed one): the recording's
    source track, MT + the recording's id, as Recordings' source_sid names it."""
    owner = subscriber or publisher
    folder = "SubscribedTracks" if subscriber else "PublishedTracks"
    track_sid = sid(TRACK, recording.id)
    body: dict[str, Any] = {
        "sid": track_sid,
        "participant_sid": sid(PARTICIPANT, owner.id),
        "room_sid": sid(ROOM, room.id),
        "name": recording.track_name,
        "date_created": when(recording.created_at),
        "date_updated": when(recording.created_at),
        "enabled": True,
        "kind": recording.kind.value,
        "url": f"{base}/v1/Rooms/{sid(ROOM, room.id)}/Participants/"
        f"{sid(PARTICIPANT, owner.id)}/{folder}/{track_sid}",
    }
    if subscriber:
        body["publisher_sid"] = sid(PARTICIPANT, publisher.id)
    return body


def recording_to_wire(recording: Recording, base: str, in_room: bool = False) -> dict[str, Any]:
    rec_sid = sid(RECORDING, recording.id)
    url = (
        f"{base}/v1/Rooms/{sid(ROOM, recording.room_id)}/Recordings/{rec_sid}"
        if in_room
        else f"{base}/v1/Recordings/{rec_sid}"
    )
    video = recording.kind is MediaKind.VIDEO
    body: dict[str, Any] = {
        "account_sid": ACCOUNT_SID_PREFIX + recording.account_id.hex,
        "status": recording.status.value,
        "date_created": when(recording.created_at),
        "sid": rec_sid,
        "source_sid": sid(TRACK, recording.id),
        "size": recording.size,
        "url": url,
        "type": recording.kind.value,
        "duration": max(1, round(recording.duration)),
        "container_format": "mkv" if video else "mka",
        "codec": recording.codec.upper(),
        "grouping_sids": {
            "room_sid": sid(ROOM, recording.room_id),
            "participant_sid": sid(PARTICIPANT, recording.participant_id),
        },
        "track_name": recording.track_name,
        "offset": round(recording.offset * 1000),
        "media_external_location": None,
        "links": {"media": f"{url}/Media"},
    }
    if in_room:
        body["room_sid"] = sid(ROOM, recording.room_id)
    else:
        body["status_callback"] = None
        body["status_callback_method"] = "POST"
    return body


def composition_to_wire(composition: Composition, base: str) -> dict[str, Any]:
    extras = composition.extras.get(DIALECT, {})
    url = f"{base}/v1/Compositions/{sid(COMPOSITION, composition.id)}"
    return {
        "account_sid": ACCOUNT_SID_PREFIX + composition.account_id.hex,
        "status": composition.status.value,
        "date_created": when(composition.created_at),
        "date_completed": when(composition.completed_at),
        "date_deleted": when(composition.deleted_at),
        "sid": sid(COMPOSITION, composition.id),
        "room_sid": sid(ROOM, composition.room_id),
        "audio_sources": list(composition.audio_sources),
        "audio_sources_excluded": list(composition.audio_sources_excluded),
        "video_layout": dict(composition.video_layout),
        "resolution": composition.resolution,
        "trim": composition.trim,
        "format": composition.format.value,
        "bitrate": composition.bitrate // 1000,
        "size": composition.size,
        "duration": round(composition.duration),
        "media_external_location": None,
        "status_callback": extras.get("status_callback"),
        "status_callback_method": extras.get("status_callback_method", "POST"),
        "url": url,
        "links": {"media": f"{url}/Media"},
    }


def hook_to_wire(hook: CompositionHook, base: str) -> dict[str, Any]:
    extras = hook.extras.get(DIALECT, {})
    return {
        "account_sid": ACCOUNT_SID_PREFIX + hook.account_id.hex,
        "friendly_name": hook.friendly_name,
        "enabled": hook.enabled,
        "date_created": when(hook.created_at),
        "date_updated": when(hook.updated_at),
        "sid": sid(HOOK, hook.id),
        "audio_sources": list(hook.audio_sources),
        "audio_sources_excluded": list(hook.audio_sources_excluded),
        "video_layout": dict(hook.video_layout),
        "resolution": hook.resolution,
        "trim": hook.trim,
        "format": hook.format.value,
        "status_callback": extras.get("status_callback"),
        "status_callback_method": extras.get("status_callback_method", "POST"),
        "url": f"{base}/v1/CompositionHooks/{sid(HOOK, hook.id)}",
    }
