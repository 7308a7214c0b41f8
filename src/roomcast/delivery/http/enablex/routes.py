"""EnableX routes: /video/v2/rooms, its users and its tokens."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from roomcast.core.errors import NotFound
from roomcast.core.rooms import Role, Room
from roomcast.delivery.http.deps import ServicesDep
from roomcast.delivery.http.enablex import schemas
from roomcast.delivery.http.enablex.auth import AccountDep
from roomcast.delivery.http.enablex.mapping import (
    draft_from_wire,
    merge_patch,
    room_to_wire,
    user_to_wire,
)
from roomcast.services.joining import TokenRequest

PREFIX = "/video/v2"
ROOM_ID = re.compile(r"^[0-9a-f]{24}$")
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ErrorResult, "description": text}
    for status, text in {
        400: "Invalid request (non-zero result code)",
        401: "Unknown application or wrong key",
        404: "No such room",
        409: "The room's state forbids this",
        413: "Request body too large",
    }.items()
}

router = APIRouter(prefix=PREFIX, tags=["enablex"], responses=_ERRORS)


def _room(services: ServicesDep, account: AccountDep, room_id: str) -> Room:
    if not ROOM_ID.match(room_id):
        # The same answer as for an unknown id: ids are not a way to probe.
        raise NotFound("room", room_id)
    return services.rooms.get_by_short_id(account.id, room_id)


@router.post("/rooms", response_model=schemas.RoomResult, response_model_exclude_none=True)
def create_room(
    body: schemas.RoomCreate, services: ServicesDep, account: AccountDep
) -> schemas.RoomResult:
    room = services.rooms.create(account.id, draft_from_wire(body))
    return schemas.RoomResult(room=room_to_wire(room))


@router.get("/rooms", response_model=schemas.RoomsResult, response_model_exclude_none=True)
def list_rooms(services: ServicesDep, account: AccountDep) -> schemas.RoomsResult:
    return schemas.RoomsResult(rooms=[room_to_wire(r) for r in services.rooms.list(account.id)])


@router.get("/rooms/{room_id}", response_model=schemas.RoomResult, response_model_exclude_none=True)
def get_room(room_id: str, services: ServicesDep, account: AccountDep) -> schemas.RoomResult:
    return schemas.RoomResult(room=room_to_wire(_room(services, account, room_id)))


@router.patch("/rooms/{room_id}", response_model=schemas.Result)
def update_room(
    room_id: str, body: schemas.RoomPatch, services: ServicesDep, account: AccountDep
) -> schemas.Result:
    room = _room(services, account, room_id)
    try:
        merged = merge_patch(room, body)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
    services.rooms.replace(room, draft_from_wire(merged, previous=room))
    return schemas.Result()


@router.delete("/rooms/{room_id}", response_model=schemas.Result)
def delete_room(room_id: str, services: ServicesDep, account: AccountDep) -> schemas.Result:
    services.rooms.delete(_room(services, account, room_id))
    return schemas.Result()


@router.get("/rooms/{room_id}/users", response_model=schemas.UsersResult)
def list_users(room_id: str, services: ServicesDep, account: AccountDep) -> schemas.UsersResult:
    room = _room(services, account, room_id)
    users = [user_to_wire(p, room) for p in services.rooms.connected_participants(room)]
    return schemas.UsersResult(total=len(users), users=users)


@router.post("/rooms/{room_id}/tokens", response_model=schemas.TokenResult)
def create_token(
    room_id: str, body: schemas.TokenCreate, services: ServicesDep, account: AccountDep
) -> schemas.TokenResult:
    room = _room(services, account, room_id)
    request = TokenRequest(
        identity=body.user_ref, name=body.name, role=Role(body.role), custom_data=body.data
    )
    _, encoded = services.joining.issue(room, request)
    return schemas.TokenResult(token=encoded)
