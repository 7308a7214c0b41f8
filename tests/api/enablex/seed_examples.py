"""Request examples copied from the EnableX seed (shared/seeds/004_*.txt)."""

from __future__ import annotations

from typing import Any

CREATE_ROOM: dict[str, Any] = {
    "name": "Topic or Room Title",
    "owner_ref": "xyz",
    "settings": {
        "description": "Descriptive text",
        "mode": "group",
        "scheduled": False,
        "adhoc": False,
        "duration": 30,
        "moderators": "1",
        "participants": "5",
        "billing_code": "",
        "auto_recording": False,
        "quality": "SD",
        "canvas": False,
        "screen_share": False,
        "abwd": True,
        "max_active_talkers": 4,
        "knock": False,
        "wait_for_moderator": False,
        "media_zone": "US",
        "single_file_recording": False,
        "role_based_recording": {"moderator": "audiovideo", "participant": "audio"},
        "live_recording": {"auto_recording": True, "url": "https://your-custom-view-url"},
    },
    "sip": {"enabled": False},
    "data": {"custom_key": ""},
}

UPDATE_ROOM: dict[str, Any] = {
    "name": "Topic or Room Title",
    "settings": {"participants": "15", "auto_recording": True},
}

CREATE_TOKEN: dict[str, Any] = {
    "name": "User Name",
    "role": "participant",
    "user_ref": "XXX",
    "data": {"custom_key": "String", "any_key": "String"},
}

# The keys of the seed's responses, to check our shapes against.
ROOM_KEYS = {"name", "owner_ref", "settings", "sip", "data", "created", "room_id"}
SEED_SETTINGS_KEYS = set(CREATE_ROOM["settings"])
USER_KEYS = {"name", "user_ref", "role", "permissions"}
PERMISSION_KEYS = {"publish", "subscribe", "record", "stats", "controlhandlers"}
