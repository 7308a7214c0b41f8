"""Bad input gets EnableX's error body with a clear code, and changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.enablex.conftest import create_room, room_body
from tests.api.enablex.seed_examples import CREATE_TOKEN


def _without(key: str) -> dict[str, Any]:
    body = room_body()
    del body[key]
    return body


def _settings_without(key: str) -> dict[str, Any]:
    body = room_body()
    del body["settings"][key]
    return body


CREATE_CASES = [
    ("name missing", _without("name"), 10002),
    ("name blank", {**room_body(), "name": "   "}, 10002),
    ("name not a string", {**room_body(), "name": 12}, 10002),
    ("owner_ref missing", _without("owner_ref"), 10010),
    ("settings missing", _without("settings"), 10009),
    ("participants missing", _settings_without("participants"), 10007),
    ("participants zero", room_body(participants=0), 10007),
    ("participants not a number", room_body(participants="many"), 10007),
    ("too many streams", room_body(participants=300, max_active_talkers=6), 10007),
    ("scheduled not bool", room_body(scheduled="yes"), 10003),
    ("scheduled and adhoc", room_body(scheduled=True, adhoc=True, duration=5), 10003),
    ("scheduled without time", room_body(scheduled=True), 10004),
    ("scheduled time badly formed", room_body(scheduled=True, scheduled_time="2030/01/01"), 10005),
    (
        "scheduled time impossible",
        room_body(scheduled=True, scheduled_time="2030-02-30 10:00:00"),
        10006,
    ),
    (
        "scheduled group room over 300",
        room_body(scheduled=True, scheduled_time="2030-01-01 10:00:00", participants=301),
        10007,
    ),
    ("auto_recording not bool", room_body(auto_recording="true"), 10008),
    ("unknown settings key", room_body(colour="blue"), 10009),
    ("mode unknown", room_body(mode="webinar"), 10011),
    ("moderators zero", room_body(moderators=0), 10012),
    ("moderators six", room_body(moderators="6"), 10012),
    ("quality unknown", room_body(quality="UHD"), 10013),
    ("max_active_talkers 17", room_body(max_active_talkers=17), 10014),
    ("max_active_talkers 0", room_body(max_active_talkers=0), 10014),
    ("duration negative", room_body(duration=-1), 10015),
    ("media zone unknown", room_body(media_zone="EU"), 10016),
    ("role_based_recording bad", room_body(role_based_recording={"moderator": "video"}), 10016),
    ("knock not bool", room_body(knock=1), 10016),
    ("sip not an object", {**room_body(), "sip": True}, 10016),
]


@pytest.mark.parametrize(
    ("body", "code"), [(b, c) for _, b, c in CREATE_CASES], ids=[n for n, _, _ in CREATE_CASES]
)
def test_create_room_refuses_bad_bodies(
    enablex: httpx.Client, body: dict[str, Any], code: int
) -> None:
    response = enablex.post("/rooms", json=body)

    assert response.status_code == 400
    error = response.json()
    assert error["result"] == code
    assert set(error) == {"result", "error", "desc"}
    assert error["desc"]
    assert enablex.get("/rooms").json()["rooms"] == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"{not json", "application/json"), (b"[1, 2]", "application/json"), (b"a=b", "text/plain")],
)
def test_malformed_bodies_are_refused(
    enablex: httpx.Client, content: bytes, content_type: str
) -> None:
    response = enablex.post("/rooms", content=content, headers={"content-type": content_type})
    assert response.status_code == 400
    assert response.json()["result"] == 10019


def test_an_oversized_body_is_refused_before_reading_it_all(enablex: httpx.Client) -> None:
    body = room_body(description="x" * 100_000)
    response = enablex.post("/rooms", json=body)
    assert response.status_code == 413
    assert response.json()["result"] == 10413
    assert enablex.get("/rooms").json()["rooms"] == []


PATCH_CASES = [
    ("mode is not editable", {"settings": {"mode": "lecture"}}, 10018),
    ("scheduled is not editable", {"settings": {"scheduled": True}}, 10018),
    ("moderators out of range", {"settings": {"moderators": 9}}, 10012),
    ("unknown key", {"settings": {"volume": 11}}, 10009),
    ("blank name", {"name": ""}, 10002),
    ("streams over the limit", {"settings": {"participants": 1000}}, 10007),
]


@pytest.mark.parametrize(
    ("patch", "code"), [(p, c) for _, p, c in PATCH_CASES], ids=[n for n, _, _ in PATCH_CASES]
)
def test_update_refuses_bad_changes_and_keeps_the_room(
    enablex: httpx.Client, patch: dict[str, Any], code: int
) -> None:
    room = create_room(enablex)

    response = enablex.patch(f"/rooms/{room['room_id']}", json=patch)

    assert response.status_code == 400
    assert response.json()["result"] == code
    assert enablex.get(f"/rooms/{room['room_id']}").json()["room"] == room


def test_resending_an_unchanged_mode_is_allowed(enablex: httpx.Client) -> None:
    room = create_room(enablex)
    response = enablex.patch(f"/rooms/{room['room_id']}", json={"settings": {"mode": "group"}})
    assert response.json() == {"result": 0}


TOKEN_CASES = [
    ("name missing", {k: v for k, v in CREATE_TOKEN.items() if k != "name"}, 10101),
    ("audience is HLS only", {**CREATE_TOKEN, "role": "audience"}, 10102),
    ("role upper case", {**CREATE_TOKEN, "role": "Moderator"}, 10102),
    ("user_ref missing", {k: v for k, v in CREATE_TOKEN.items() if k != "user_ref"}, 10103),
    ("six data keys", {**CREATE_TOKEN, "data": {str(i): i for i in range(6)}}, 10104),
]


@pytest.mark.parametrize(
    ("body", "code"), [(b, c) for _, b, c in TOKEN_CASES], ids=[n for n, _, _ in TOKEN_CASES]
)
def test_token_requests_are_validated(
    enablex: httpx.Client, body: dict[str, Any], code: int
) -> None:
    room = create_room(enablex)
    response = enablex.post(f"/rooms/{room['room_id']}/tokens", json=body)
    assert response.status_code == 400
    assert response.json()["result"] == code


def test_scheduled_rooms_give_tokens_only_near_their_start(enablex: httpx.Client) -> None:
    room = create_room(enablex, scheduled=True, scheduled_time="2035-06-01 12:00:00", duration=30)
    response = enablex.post(f"/rooms/{room['room_id']}/tokens", json=CREATE_TOKEN)
    assert response.status_code == 400
    assert response.json()["result"] == 10022


@pytest.mark.parametrize("room_id", ["0" * 24, "not-an-id", "ABCDEF" * 4])
def test_unknown_rooms_are_404(enablex: httpx.Client, room_id: str) -> None:
    for method, path in [
        ("GET", f"/rooms/{room_id}"),
        ("PATCH", f"/rooms/{room_id}"),
        ("DELETE", f"/rooms/{room_id}"),
        ("GET", f"/rooms/{room_id}/users"),
        ("POST", f"/rooms/{room_id}/tokens"),
    ]:
        body = CREATE_TOKEN if path.endswith("tokens") else {} if method == "PATCH" else None
        response = enablex.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
        assert response.json()["result"] == 10020


def test_unknown_routes_and_methods(enablex: httpx.Client) -> None:
    assert enablex.get("/nothing-here").json()["result"] == 10404
    response = enablex.put("/rooms")
    assert response.status_code == 405
    assert response.json()["result"] == 10405
