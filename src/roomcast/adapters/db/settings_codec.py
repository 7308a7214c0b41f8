"""RoomSettings to and from the JSON column that stores them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from roomcast.core.rooms import (
    Quality,
    RecordedMedia,
    RecordingPolicy,
    RoomKind,
    RoomMode,
    RoomSettings,
    Schedule,
)


def settings_to_json(settings: RoomSettings) -> dict[str, Any]:
    schedule, recording = settings.schedule, settings.recording
    return {
        "mode": settings.mode.value,
        "schedule": {
            "kind": schedule.kind.value,
            "starts_at": schedule.starts_at.isoformat() if schedule.starts_at else None,
            "duration_minutes": schedule.duration_minutes,
        },
        "description": settings.description,
        "max_moderators": settings.max_moderators,
        "max_participants": settings.max_participants,
        "max_audiences": settings.max_audiences,
        "send_audience_stats": settings.send_audience_stats,
        "max_active_talkers": settings.max_active_talkers,
        "quality": settings.quality.value if settings.quality else None,
        "screen_share": settings.screen_share,
        "knock": settings.knock,
        "wait_for_moderator": settings.wait_for_moderator,
        "recording": {
            "auto_record": recording.auto_record,
            "moderator_media": recording.moderator_media.value,
            "participant_media": recording.participant_media.value,
            "single_file": recording.single_file,
            "watermark": recording.watermark,
            "live_auto_record": recording.live_auto_record,
            "live_view_url": recording.live_view_url,
        },
    }


def settings_from_json(data: dict[str, Any]) -> RoomSettings:
    schedule, recording = data["schedule"], data["recording"]
    starts_at = schedule["starts_at"]
    return RoomSettings(
        mode=RoomMode(data["mode"]),
        schedule=Schedule(
            kind=RoomKind(schedule["kind"]),
            starts_at=datetime.fromisoformat(starts_at) if starts_at else None,
            duration_minutes=schedule["duration_minutes"],
        ),
        description=data["description"],
        max_moderators=data["max_moderators"],
        max_participants=data["max_participants"],
        max_audiences=data["max_audiences"],
        send_audience_stats=data["send_audience_stats"],
        max_active_talkers=data["max_active_talkers"],
        quality=Quality(data["quality"]) if data["quality"] else None,
        screen_share=data["screen_share"],
        knock=data["knock"],
        wait_for_moderator=data["wait_for_moderator"],
        recording=RecordingPolicy(
            auto_record=recording["auto_record"],
            moderator_media=RecordedMedia(recording["moderator_media"]),
            participant_media=RecordedMedia(recording["participant_media"]),
            single_file=recording["single_file"],
            watermark=recording["watermark"],
            live_auto_record=recording["live_auto_record"],
            live_view_url=recording["live_view_url"],
        ),
    )
