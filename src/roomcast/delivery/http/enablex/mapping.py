"""EnableX wire shapes to domain objects and back."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from roomcast.core.errors import InvalidInput
from roomcast.core.rooms import (
    Participant,
    Quality,
    RecordedMedia,
    RecordingPolicy,
    Role,
    Room,
    RoomKind,
    RoomMode,
    RoomSettings,
    Schedule,
)
from roomcast.delivery.http.enablex import schemas
from roomcast.services.rooms import RoomDraft

DIALECT = "enablex"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# EnableX sizes permanent rooms by streams: participants x active talkers.
MAX_STREAMS = 1600
SCHEDULED_LIMIT = {RoomMode.GROUP: 300, RoomMode.LECTURE: 1000}
NOT_EDITABLE = ("mode", "scheduled", "adhoc")
# Marks an error's field as "not editable" for errors.py, which has a code for that.
LOCKED = ".locked"


def draft_from_wire(body: schemas.RoomCreate, previous: Room | None = None) -> RoomDraft:
    s = body.settings
    settings = RoomSettings(
        mode=RoomMode(s.mode),
        schedule=_schedule(s),
        description=s.description,
        max_moderators=s.moderators,
        max_participants=s.participants,
        max_audiences=s.audiences or 0,
        send_audience_stats=s.send_audiences_stats,
        max_active_talkers=s.max_active_talkers,
        quality=Quality(s.quality) if s.quality else None,
        screen_share=s.screen_share,
        knock=s.knock,
        wait_for_moderator=s.wait_for_moderator,
        recording=_recording(s),
    )
    _check_participants(settings)
    return RoomDraft(
        name=body.name,
        owner_ref=body.owner_ref,
        settings=settings,
        custom_data=body.data,
        dialect_extras={DIALECT: _extras(s, body.sip, previous)},
    )


def _schedule(s: schemas.RoomSettingsIn) -> Schedule:
    if s.scheduled and s.adhoc:
        raise InvalidInput("settings.adhoc", "an adhoc room must have scheduled set to false")
    if not s.scheduled:
        kind = RoomKind.ADHOC if s.adhoc else RoomKind.PERMANENT
        return Schedule(kind=kind, duration_minutes=s.duration)
    if s.scheduled_time is None:
        raise InvalidInput(
            "settings.scheduled_time", "a scheduled room needs scheduled_time", missing=True
        )
    return Schedule(
        kind=RoomKind.SCHEDULED,
        starts_at=parse_time(s.scheduled_time),
        duration_minutes=s.duration,
    )


def parse_time(text: str) -> datetime:
    shape = "0000-00-00 00:00:00"
    if len(text) != len(shape) or not all(
        ch.isdigit() if c == "0" else ch == c for c, ch in zip(shape, text, strict=True)
    ):
        raise InvalidInput("settings.scheduled_time", "use the format YYYY-MM-DD HH:II:SS (UTC)")
    try:
        return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError as exc:
        raise InvalidInput("settings.scheduled_time.value", "no such date or time") from exc


def _check_participants(settings: RoomSettings) -> None:
    participants = settings.max_participants or 0
    if settings.schedule.kind is RoomKind.SCHEDULED:
        limit = SCHEDULED_LIMIT[settings.mode]
        if participants > limit:
            raise InvalidInput("settings.participants", f"a scheduled room allows 1-{limit}")
    elif participants * settings.max_active_talkers > MAX_STREAMS:
        raise InvalidInput(
            "settings.participants",
            f"participants x max_active_talkers must not exceed {MAX_STREAMS} streams",
        )


def _recording(s: schemas.RoomSettingsIn) -> RecordingPolicy:
    by_role = s.role_based_recording or schemas.RoleBasedRecording()
    live = s.live_recording
    return RecordingPolicy(
        auto_record=s.auto_recording,
        moderator_media=RecordedMedia(by_role.moderator),
        participant_media=RecordedMedia(by_role.participant),
        single_file=s.single_file_recording,
        watermark=s.watermark,
        live_auto_record=live.auto_recording if live else False,
        live_view_url=live.url if live else None,
    )


def _extras(s: schemas.RoomSettingsIn, sip: schemas.SipIn, previous: Room | None) -> Any:
    old = dict(previous.dialect_extras.get(DIALECT, {})) if previous else {}
    return {
        "billing_code": s.billing_code,
        "canvas": s.canvas,
        "abwd": s.abwd,
        "facex": s.facex,
        "media_zone": s.media_zone,
        "hls_view_url": s.hls_view_url,
        "live_recording_given": s.live_recording is not None,
        "sip": _sip(sip, old.get("sip")),
    }


def _sip(sip: schemas.SipIn, old: dict[str, Any] | None) -> dict[str, Any]:
    if not sip.enabled:
        return {"enabled": False}
    if old and old.get("enabled"):
        return dict(old)  # keep the dial-in numbers people already know
    return {
        "enabled": True,
        "pin": 10_000 + secrets.randbelow(90_000),
        "meeting_id": 100_000_000 + secrets.randbelow(900_000_000),
    }


def room_to_wire(room: Room) -> schemas.RoomOut:
    s, extras = room.settings, room.dialect_extras.get(DIALECT, {})
    rec = s.recording
    starts_at = s.schedule.starts_at
    live = None
    if extras.get("live_recording_given"):
        live = schemas.LiveRecording(auto_recording=rec.live_auto_record, url=rec.live_view_url)
    settings = schemas.RoomSettingsOut(
        description=s.description,
        mode=s.mode.value,
        scheduled=s.schedule.kind is RoomKind.SCHEDULED,
        adhoc=s.schedule.kind is RoomKind.ADHOC,
        scheduled_time=starts_at.strftime(TIME_FORMAT) if starts_at else None,
        duration=s.schedule.duration_minutes,
        moderators=str(s.max_moderators),
        participants=str(s.max_participants or 0),
        audiences=s.max_audiences or None,
        send_audiences_stats=s.send_audience_stats,
        hls_view_url=extras.get("hls_view_url"),
        billing_code=extras.get("billing_code", ""),
        auto_recording=rec.auto_record,
        quality=s.quality.value if s.quality else None,
        canvas=extras.get("canvas", False),
        screen_share=s.screen_share,
        abwd=extras.get("abwd", True),
        facex=extras.get("facex", True),
        max_active_talkers=s.max_active_talkers,
        knock=s.knock,
        wait_for_moderator=s.wait_for_moderator,
        media_zone=extras.get("media_zone", "XX"),
        single_file_recording=rec.single_file,
        watermark=rec.watermark,
        role_based_recording=schemas.RoleBasedRecording(
            moderator=rec.moderator_media.value, participant=rec.participant_media.value
        ),
        live_recording=live,
    )
    return schemas.RoomOut(
        name=room.name,
        owner_ref=room.owner_ref,
        settings=settings,
        sip=schemas.SipOut(**extras.get("sip", {"enabled": False})),
        data=dict(room.custom_data),
        created=room.created_at.astimezone(UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
        room_id=room.short_id,
    )


def merge_patch(room: Room, patch: schemas.RoomPatch) -> schemas.RoomCreate:
    """The room as EnableX shows it, with the patch laid over it, validated as a whole.
    A null in the patch, like a key left out, changes nothing."""
    changes = patch.model_dump(exclude_none=True)
    current = room_to_wire(room).model_dump(exclude_none=True)
    for key in NOT_EDITABLE:
        new = changes.get("settings", {}).get(key, current["settings"][key])
        if new != current["settings"][key]:
            raise InvalidInput(f"settings.{key}{LOCKED}", "this setting cannot be changed")
    merged = _deep_merge(current, changes)
    merged["sip"] = {"enabled": merged["sip"]["enabled"]}
    for generated in ("created", "room_id"):
        merged.pop(generated)
    return schemas.RoomCreate.model_validate(merged)


def _deep_merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        # `data` is the caller's own object: it is replaced whole, never merged.
        if key != "data" and isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _deep_merge(base[key], value)
        else:
            merged[key] = value
    return merged


def user_to_wire(participant: Participant, room: Room) -> schemas.UserOut:
    role = participant.role
    lecture = room.settings.mode is RoomMode.LECTURE
    publishes = role is Role.MODERATOR or (role.may_publish and not lecture)
    return schemas.UserOut(
        name=participant.name,
        user_ref=participant.identity,
        role=role.value,
        permissions=schemas.Permissions(
            publish=publishes,
            subscribe=True,
            record=role is Role.MODERATOR,
            stats=True,
            controlhandlers=True,
        ),
    )
