"""EnableX rooms, users and tokens through real HTTP, with the seed's own examples."""

from __future__ import annotations

import re

import httpx

from tests.api.enablex.conftest import create_room, room_body
from tests.api.enablex.seed_examples import (
    CREATE_ROOM,
    CREATE_TOKEN,
    PERMISSION_KEYS,
    ROOM_KEYS,
    SEED_SETTINGS_KEYS,
    UPDATE_ROOM,
    USER_KEYS,
)


def test_create_room_with_the_seed_example_answers_the_seed_shape(enablex: httpx.Client) -> None:
    response = enablex.post("/rooms", json=CREATE_ROOM)

    assert response.status_code == 200
    body = response.json()
    assert body["result"] == 0
    room = body["room"]
    assert set(room) == ROOM_KEYS
    assert re.fullmatch(r"[0-9a-f]{24}", room["room_id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", room["created"])
    assert set(room["settings"]) >= SEED_SETTINGS_KEYS
    for key, value in CREATE_ROOM["settings"].items():
        assert room["settings"][key] == value, key
    assert room["sip"] == {"enabled": False}
    assert room["data"] == {"custom_key": ""}


def test_defaults_fill_the_settings_left_out(enablex: httpx.Client) -> None:
    body = {"name": "Defaults", "owner_ref": "o1", "settings": {"participants": 3}}
    room = enablex.post("/rooms", json=body).json()["room"]
    settings = room["settings"]
    assert settings["mode"] == "group"
    assert settings["moderators"] == "1"
    assert settings["participants"] == "3"
    assert settings["max_active_talkers"] == 6
    assert settings["screen_share"] is True
    assert settings["abwd"] is True
    assert settings["knock"] is False
    assert settings["media_zone"] == "XX"
    assert settings["role_based_recording"] == {
        "moderator": "audiovideo",
        "participant": "audiovideo",
    }


def test_list_get_update_delete(enablex: httpx.Client) -> None:
    first = create_room(enablex)
    second = create_room(enablex, mode="lecture")

    listed = enablex.get("/rooms").json()
    assert listed["result"] == 0
    assert [r["room_id"] for r in listed["rooms"]] == [first["room_id"], second["room_id"]]

    fetched = enablex.get(f"/rooms/{first['room_id']}").json()
    assert fetched == {"result": 0, "room": first}

    updated = enablex.patch(f"/rooms/{first['room_id']}", json=UPDATE_ROOM)
    assert updated.json() == {"result": 0}
    after = enablex.get(f"/rooms/{first['room_id']}").json()["room"]
    assert after["settings"]["participants"] == "15"
    assert after["settings"]["auto_recording"] is True
    assert after["settings"]["quality"] == "SD"  # untouched keys stay

    assert enablex.delete(f"/rooms/{first['room_id']}").json() == {"result": 0}
    assert enablex.get(f"/rooms/{first['room_id']}").status_code == 404
    assert [r["room_id"] for r in enablex.get("/rooms").json()["rooms"]] == [second["room_id"]]


def test_scheduled_room_keeps_its_time_and_duration(enablex: httpx.Client) -> None:
    room = create_room(enablex, scheduled=True, scheduled_time="2030-01-02 03:04:05", duration=45)
    assert room["settings"]["scheduled"] is True
    assert room["settings"]["scheduled_time"] == "2030-01-02 03:04:05"
    assert room["settings"]["duration"] == 45


def test_sip_enabled_room_gets_a_pin_and_meeting_id_that_survive_updates(
    enablex: httpx.Client,
) -> None:
    body = room_body()
    body["sip"] = {"enabled": True}
    room = enablex.post("/rooms", json=body).json()["room"]
    assert room["sip"]["enabled"] is True
    assert isinstance(room["sip"]["pin"], int)
    assert isinstance(room["sip"]["meeting_id"], int)

    enablex.patch(f"/rooms/{room['room_id']}", json={"name": "Renamed"})
    after = enablex.get(f"/rooms/{room['room_id']}").json()["room"]
    assert after["sip"] == room["sip"]
    assert after["name"] == "Renamed"


def test_token_and_users(enablex: httpx.Client, http: httpx.Client) -> None:
    room = create_room(enablex)
    users = enablex.get(f"/rooms/{room['room_id']}/users").json()
    assert users == {"result": 0, "total": 0, "users": []}

    issued = enablex.post(f"/rooms/{room['room_id']}/tokens", json=CREATE_TOKEN).json()
    assert issued["result"] == 0
    assert issued["token"].count(".") == 2

    joined = http.post("/api/v1/join", json={"token": issued["token"]})
    assert joined.status_code == 200, joined.text
    assert joined.json()["identity"] == "XXX"

    users = enablex.get(f"/rooms/{room['room_id']}/users").json()
    assert users["total"] == 1
    user = users["users"][0]
    assert set(user) == USER_KEYS
    assert set(user["permissions"]) == PERMISSION_KEYS
    assert user["name"] == "User Name"
    assert user["user_ref"] == "XXX"
    assert user["role"] == "participant"
    assert user["permissions"]["publish"] is True
    assert user["permissions"]["record"] is False


def test_viewers_and_lecture_participants_do_not_publish(
    enablex: httpx.Client, http: httpx.Client
) -> None:
    room = create_room(enablex, mode="lecture")
    for role in ("viewer", "participant", "moderator"):
        token = enablex.post(
            f"/rooms/{room['room_id']}/tokens",
            json={"name": role, "role": role, "user_ref": role},
        ).json()["token"]
        assert http.post("/api/v1/join", json={"token": token}).status_code == 200
    users = enablex.get(f"/rooms/{room['room_id']}/users").json()["users"]
    publish = {u["role"]: u["permissions"]["publish"] for u in users}
    assert publish == {"viewer": False, "participant": False, "moderator": True}


def test_room_with_a_session_in_progress_cannot_be_deleted(
    enablex: httpx.Client, http: httpx.Client
) -> None:
    room = create_room(enablex)
    token = enablex.post(f"/rooms/{room['room_id']}/tokens", json=CREATE_TOKEN).json()["token"]
    http.post("/api/v1/join", json={"token": token}).raise_for_status()

    response = enablex.delete(f"/rooms/{room['room_id']}")

    assert response.status_code == 409
    assert response.json()["result"] != 0
    assert enablex.get(f"/rooms/{room['room_id']}").status_code == 200


def test_room_limits_hold_when_joining(enablex: httpx.Client, http: httpx.Client) -> None:
    room = create_room(enablex, participants=1)
    tokens = [
        enablex.post(
            f"/rooms/{room['room_id']}/tokens",
            json={"name": f"p{i}", "role": "participant", "user_ref": f"p{i}"},
        ).json()["token"]
        for i in range(2)
    ]
    assert http.post("/api/v1/join", json={"token": tokens[0]}).status_code == 200
    refused = http.post("/api/v1/join", json={"token": tokens[1]})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "role"


def test_every_response_carries_a_request_id(enablex: httpx.Client) -> None:
    mine = enablex.get("/rooms", headers={"X-Request-ID": "trace-123"})
    assert mine.headers["x-request-id"] == "trace-123"
    assert len(enablex.get("/rooms").headers["x-request-id"]) == 32
