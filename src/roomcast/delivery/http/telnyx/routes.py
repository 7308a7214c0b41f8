"""Telnyx Video (Rooms) API v2: rooms, sessions, participants, recordings, compositions."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import FileResponse, Response

from roomcast.core.accounts import Account
from roomcast.core.compositions import Composition, CompositionStatus
from roomcast.core.errors import InvalidInput, NotFound
from roomcast.core.recordings import Recording, RecordingStatus
from roomcast.core.rooms import (
    Participant,
    RecordingPolicy,
    Role,
    Room,
    RoomSession,
    RoomSettings,
)
from roomcast.delivery.http.deps import ServicesDep
from roomcast.delivery.http.media import serve_signed
from roomcast.delivery.http.telnyx.auth import AccountDep
from roomcast.delivery.http.telnyx.mapping import (
    COMPOSITION_EVENTS,
    DIALECT,
    MEDIA_PATH,
    PREFIX,
    ROOM_EVENTS,
    callback,
    check_resolution,
    composition_to_wire,
    context_of,
    parse_id,
    participant_to_wire,
    recording_to_wire,
    room_to_wire,
    session_to_wire,
    when,
)
from roomcast.delivery.http.telnyx.query import ListQuery, flag_param
from roomcast.delivery.http.telnyx.schemas import (
    ClientTokenBody,
    CompositionBody,
    ParticipantsAction,
    RefreshTokenBody,
    RoomBody,
)
from roomcast.services.compositions import CompositionRequest
from roomcast.services.joining import TokenRequest
from roomcast.services.rooms import RoomDraft

router = APIRouter(prefix=PREFIX, tags=["telnyx"])
MEDIA_LINK_TTL = timedelta(hours=1)


def _list_query(*allowed: str) -> Callable[[Request], ListQuery]:
    def parse(request: Request) -> ListQuery:
        return ListQuery.parse(request, allowed)

    return parse


def _data(body: Any) -> dict[str, Any]:
    return {"data": body}


# Rooms

RoomFilters = Annotated[
    ListQuery, Depends(_list_query("date_created_at", "date_updated_at", "unique_name"))
]


def _room(services: ServicesDep, account: Account, room_id: str) -> Room:
    return services.rooms.get(account.id, parse_id(room_id, "room"))


def _room_wire(
    services: ServicesDep, room: Room, include_sessions: bool,
    sessions: Sequence[RoomSession] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The room as Telnyx shows it; `sessions`, when the caller already has them, saves a query."""
    if sessions is None:
        sessions = services.rooms.sessions(room.account_id, room.id)
    active = next((s for s in sessions if s.active), None)
    listed = [session_to_wire(s) for s in sessions] if include_sessions else None
    return room_to_wire(room, active, listed)


def _draft(body: RoomBody, base: Room | None = None) -> RoomDraft:
    """A room draft from a create body, or from a PATCH body over the room as it is."""
    given = body.model_dump(exclude_unset=True)
    old = dict(base.dialect_extras.get(DIALECT, {})) if base else {}
    webhooks = {
        k: given.get(k, old.get(k))
        for k in ("webhook_event_url", "webhook_event_failover_url", "webhook_timeout_secs")
    }
    settings = base.settings if base else RoomSettings(max_participants=10)
    if "max_participants" in given:
        settings = dataclasses.replace(settings, max_participants=given["max_participants"])
    if "enable_recording" in given:
        recording = RecordingPolicy(auto_record=bool(given["enable_recording"]))
        settings = dataclasses.replace(settings, recording=recording)
    unique_name = given.get("unique_name", base.unique_name if base else None)
    extras: dict[str, Any] = {DIALECT: webhooks}
    hook = callback(webhooks, ROOM_EVENTS)
    if hook:
        extras["callback"] = hook
    return RoomDraft(
        name=unique_name or "room", unique_name=unique_name, settings=settings,
        dialect_extras=extras,
    )  # fmt: skip


@router.post("/rooms", status_code=201)
def create_room(
    services: ServicesDep, account: AccountDep, body: Annotated[RoomBody, Body()]
) -> dict[str, Any]:
    room = services.rooms.create(account.id, _draft(body))
    return _data(_room_wire(services, room, include_sessions=True))


@router.get("/rooms")
def list_rooms(
    request: Request, services: ServicesDep, account: AccountDep, query: RoomFilters
) -> dict[str, Any]:
    include = flag_param(request, "include_sessions")
    rooms = [
        r
        for r in reversed(services.rooms.list(account.id))
        if query.dated("date_created_at", r.created_at)
        and query.dated("date_updated_at", r.updated_at)
        and query.text("unique_name") in (None, r.unique_name)
    ]
    by_room: dict[uuid.UUID, list[RoomSession]] = {r.id: [] for r in rooms}
    for session in services.rooms.sessions(account.id, None):
        by_room.get(session.room_id, []).append(session)
    return query.page([_room_wire(services, r, include, by_room[r.id]) for r in rooms])


@router.get("/rooms/{room_id}")
def retrieve_room(
    room_id: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    room = _room(services, account, room_id)
    return _data(_room_wire(services, room, flag_param(request, "include_sessions")))


@router.patch("/rooms/{room_id}")
def update_room(
    room_id: str, services: ServicesDep, account: AccountDep, body: Annotated[RoomBody, Body()]
) -> dict[str, Any]:
    room = _room(services, account, room_id)
    updated = services.rooms.replace(room, _draft(body, room))
    return _data(_room_wire(services, updated, include_sessions=False))


@router.delete("/rooms/{room_id}", status_code=204)
def delete_room(room_id: str, services: ServicesDep, account: AccountDep) -> Response:
    services.rooms.delete(_room(services, account, room_id))
    return Response(status_code=204)


@router.post("/rooms/{room_id}/actions/generate_join_client_token", status_code=201)
def generate_join_client_token(
    room_id: str, services: ServicesDep, account: AccountDep,
    body: Annotated[ClientTokenBody | None, Body()] = None,
) -> dict[str, Any]:  # fmt: skip
    wanted = body or ClientTokenBody()
    room = _room(services, account, room_id)
    identity = f"telnyx:users:{uuid.uuid4()}"
    request = TokenRequest(
        identity, identity, role=Role.PARTICIPANT, custom_data={},
        ttl=timedelta(seconds=wanted.token_ttl_secs), single_use=False,
    )  # fmt: skip
    token, encoded = services.joining.issue(room, request)
    refresh_expires, refresh = services.joining.issue_refresh(
        token, timedelta(seconds=wanted.refresh_token_ttl_secs)
    )
    return _data(
        {
            "token": encoded,
            "token_expires_at": when(token.expires_at),
            "refresh_token": refresh,
            "refresh_token_expires_at": when(refresh_expires),
        }
    )


@router.post("/rooms/{room_id}/actions/refresh_client_token", status_code=201)
def refresh_client_token(
    room_id: str, services: ServicesDep, account: AccountDep,
    body: Annotated[RefreshTokenBody, Body()],
) -> dict[str, Any]:  # fmt: skip
    room = _room(services, account, room_id)
    token, encoded = services.joining.refresh(
        room, body.refresh_token, timedelta(seconds=body.token_ttl_secs)
    )
    return _data({"token": encoded, "token_expires_at": when(token.expires_at)})


# Sessions

SESSION_FILTERS = ("date_created_at", "date_updated_at", "date_ended_at", "active")


def _sessions_page(
    request: Request, services: ServicesDep, account: Account, room_id: uuid.UUID | None,
    query: ListQuery,
) -> dict[str, Any]:  # fmt: skip
    include = flag_param(request, "include_participants")
    found = [
        s
        for s in services.rooms.sessions(account.id, room_id)
        if query.dated("date_created_at", s.started_at)
        and query.dated("date_updated_at", s.ended_at or s.started_at)
        and query.dated("date_ended_at", s.ended_at)
        and query.flag("active") in (None, s.active)
    ]
    return query.page([_session_wire(services, s, include) for s in found])


def _session_wire(services: ServicesDep, session: RoomSession, include: bool) -> dict[str, Any]:
    if not include:
        return session_to_wire(session)
    people = services.rooms.session_participants(session.account_id, session.id)
    return session_to_wire(session, [participant_to_wire(p) for p in people])


@router.get("/room_sessions")
def list_sessions(
    request: Request, services: ServicesDep, account: AccountDep,
    query: Annotated[ListQuery, Depends(_list_query(*SESSION_FILTERS, "room_id"))],
) -> dict[str, Any]:  # fmt: skip
    return _sessions_page(request, services, account, query.uuid("room_id"), query)


@router.get("/rooms/{room_id}/sessions")
def list_room_sessions(
    room_id: str, request: Request, services: ServicesDep, account: AccountDep,
    query: Annotated[ListQuery, Depends(_list_query(*SESSION_FILTERS))],
) -> dict[str, Any]:  # fmt: skip
    room = _room(services, account, room_id)
    return _sessions_page(request, services, account, room.id, query)


def _session(services: ServicesDep, account: Account, session_id: str) -> RoomSession:
    return services.rooms.get_session(account.id, parse_id(session_id, "session"))


@router.get("/room_sessions/{room_session_id}")
def retrieve_session(
    room_session_id: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    session = _session(services, account, room_session_id)
    return _data(_session_wire(services, session, flag_param(request, "include_participants")))


OK = {"data": {"result": "ok"}}


@router.post("/room_sessions/{room_session_id}/actions/end")
def end_session(room_session_id: str, services: ServicesDep, account: AccountDep) -> Any:
    session = _session(services, account, room_session_id)
    if not session.active:
        raise InvalidInput("room_session_id", "the session has already ended")
    services.rooms.end_session(services.rooms.get(account.id, session.room_id), "ended")
    return OK


@router.post("/room_sessions/{room_session_id}/actions/kick")
def kick(
    room_session_id: str, services: ServicesDep, account: AccountDep,
    body: Annotated[ParticipantsAction, Body()],
) -> Any:  # fmt: skip
    session = _session(services, account, room_session_id)
    room = services.rooms.get(account.id, session.room_id)
    for participant in _chosen(services, session, body):
        services.rooms.disconnect(room, participant, reason="kicked")
    return OK


def _chosen(
    services: ServicesDep, session: RoomSession, body: ParticipantsAction
) -> list[Participant]:
    present = services.rooms.session_participants(session.account_id, session.id)
    connected = [p for p in present if p.left_at is None]
    excluded = set(body.exclude or [])
    if body.participants is None or body.participants == "all":
        return [p for p in connected if p.id not in excluded]
    wanted = set(body.participants) - excluded
    return [p for p in connected if p.id in wanted]


def _refusal(action: str) -> Callable[..., Any]:
    """mute and unmute: honest refusals, after the same checks as a real action."""

    def refuse(
        room_session_id: str, services: ServicesDep, account: AccountDep,
        body: Annotated[ParticipantsAction, Body()],
    ) -> Any:  # fmt: skip
        _session(services, account, room_session_id)
        raise InvalidInput(
            "room_session_id",
            f"{action} needs live media, which roomcast rooms do not carry yet; "
            f"session {room_session_id} is unchanged",
        )

    return refuse


for _action in ("mute", "unmute"):
    router.add_api_route(
        f"/room_sessions/{{room_session_id}}/actions/{_action}",
        _refusal(_action),
        methods=["POST"],
        name=_action,
    )


# Participants

PARTICIPANT_FILTERS = ("date_joined_at", "date_updated_at", "date_left_at", "context")


def _participants_page(found: Sequence[Participant], query: ListQuery) -> dict[str, Any]:
    chosen = [
        p
        for p in found
        if query.dated("date_joined_at", p.joined_at)
        and query.dated("date_updated_at", p.left_at or p.joined_at)
        and query.dated("date_left_at", p.left_at)
        and query.text("context") in (None, context_of(p))
    ]
    return query.page([participant_to_wire(p) for p in chosen])


@router.get("/room_participants")
def list_participants(
    services: ServicesDep, account: AccountDep,
    query: Annotated[ListQuery, Depends(_list_query(*PARTICIPANT_FILTERS, "session_id"))],
) -> dict[str, Any]:  # fmt: skip
    found = services.rooms.session_participants(account.id, query.uuid("session_id"))
    return _participants_page(found, query)


@router.get("/room_sessions/{room_session_id}/participants")
def list_session_participants(
    room_session_id: str, services: ServicesDep, account: AccountDep,
    query: Annotated[ListQuery, Depends(_list_query(*PARTICIPANT_FILTERS))],
) -> dict[str, Any]:  # fmt: skip
    session = _session(services, account, room_session_id)
    return _participants_page(services.rooms.session_participants(account.id, session.id), query)


@router.get("/room_participants/{room_participant_id}")
def retrieve_participant(
    room_participant_id: str, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    found = services.rooms.get_participant(account.id, parse_id(room_participant_id, "participant"))
    return _data(participant_to_wire(found))


# Recordings

RecordingFilters = Annotated[
    ListQuery,
    Depends(
        _list_query(
            "date_started_at", "date_ended_at", "room_id", "participant_id", "session_id",
            "status", "type", "duration_secs",
        )
    ),
]  # fmt: skip


def _recording_wire(
    request: Request, services: ServicesDep, account: Account, recording: Recording,
    sessions: dict[uuid.UUID, RoomSession],
) -> dict[str, Any]:  # fmt: skip
    session = sessions.get(recording.session_id) or services.rooms.get_session(
        account.id, recording.session_id
    )
    url = _media_url(request, services, account, recording.media_key)
    return recording_to_wire(recording, session.started_at, url)


def _media_url(request: Request, services: ServicesDep, account: Account, key: str) -> str:
    token = services.media_links.sign(account, key, MEDIA_LINK_TTL)
    return f"{str(request.base_url).rstrip('/')}{MEDIA_PATH}/{token}"


def _filtered_recordings(
    services: ServicesDep, account: Account, query: ListQuery
) -> tuple[list[Recording], dict[uuid.UUID, RoomSession]]:
    sessions = {s.id: s for s in services.rooms.sessions(account.id, None)}
    found = []
    for r in reversed(services.recordings.list_for_account(account.id)):
        start = sessions[r.session_id].started_at + timedelta(seconds=r.offset)
        end = start + timedelta(seconds=r.duration)
        if (
            r.status is not RecordingStatus.DELETED
            and query.dated("date_started_at", start)
            and query.dated("date_ended_at", end)
            and query.uuid("room_id") in (None, r.room_id)
            and query.uuid("session_id") in (None, r.session_id)
            and query.uuid("participant_id") in (None, r.participant_id)
            and query.text("status") in (None, r.status.value)
            and query.text("type") in (None, r.kind.value)
            and r.duration >= (query.number_at_least("duration_secs") or 0)
        ):
            found.append(r)
    return found, sessions


@router.get("/room_recordings")
def list_recordings(
    request: Request, services: ServicesDep, account: AccountDep, query: RecordingFilters
) -> dict[str, Any]:
    found, sessions = _filtered_recordings(services, account, query)
    page = query.page(found)
    page["data"] = [_recording_wire(request, services, account, r, sessions) for r in page["data"]]
    return page


@router.delete("/room_recordings", status_code=201)
def delete_recordings(
    services: ServicesDep, account: AccountDep, query: RecordingFilters
) -> dict[str, Any]:
    found, _ = _filtered_recordings(services, account, query)
    for recording in found:
        services.recordings.delete(recording)
    return _data({"room_recordings": len(found)})


def _recording(services: ServicesDep, account: Account, recording_id: str) -> Recording:
    found = services.recordings.get(account.id, parse_id(recording_id, "recording"))
    return _unless_deleted(found, "recording", recording_id)


Kept = TypeVar("Kept", Recording, Composition)


def _unless_deleted(found: Kept, entity: str, ref: str) -> Kept:
    """Telnyx forgets what is deleted; roomcast keeps the row, marked, for the other dialects."""
    if found.status.value == "deleted":
        raise NotFound(entity, ref)
    return found


@router.get("/room_recordings/{room_recording_id}")
def retrieve_recording(
    room_recording_id: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    found = _recording(services, account, room_recording_id)
    return _data(_recording_wire(request, services, account, found, {}))


@router.delete("/room_recordings/{room_recording_id}", status_code=204)
def delete_recording(
    room_recording_id: str, services: ServicesDep, account: AccountDep
) -> Response:
    services.recordings.delete(_recording(services, account, room_recording_id))
    return Response(status_code=204)


# Compositions


def _composition_request(body: CompositionBody) -> CompositionRequest:
    regions = body.video_layout or {}
    layout = {name: region.to_layout() for name, region in regions.items()}
    webhooks = body.model_dump(
        include={"webhook_event_url", "webhook_event_failover_url", "webhook_timeout_secs"}
    )
    echo = {
        name: region.model_dump(exclude_none=True, mode="json") for name, region in regions.items()
    }
    extras: dict[str, Any] = {DIALECT: {**webhooks, "video_layout": echo}}
    hook = callback(webhooks, COMPOSITION_EVENTS)
    if hook:
        extras["callback"] = hook
    return CompositionRequest(
        video_layout=layout or {"default": {"video_sources": ["*"]}},
        audio_sources=["*"],
        resolution=check_resolution(body.resolution or "1280x720"),
        format=body.format or "mp4",
        extras=extras,
    )


def _composition_wire(
    request: Request, services: ServicesDep, account: Account, composition: Composition
) -> dict[str, Any]:
    url = None
    if composition.status is CompositionStatus.COMPLETED and composition.media_key:
        url = _media_url(request, services, account, composition.media_key)
    return composition_to_wire(composition, url)


@router.post("/room_compositions", status_code=202)
def create_composition(
    request: Request, services: ServicesDep, account: AccountDep,
    body: Annotated[CompositionBody, Body()],
) -> dict[str, Any]:  # fmt: skip
    if body.session_id is None:
        raise InvalidInput("session_id", "session_id is required", missing=True)
    wanted = _composition_request(body)
    session = services.rooms.get_session(account.id, body.session_id)
    room = services.rooms.get(account.id, session.room_id)
    created = services.compositions.create(room, wanted, session.id)
    return _data(_composition_wire(request, services, account, created))


@router.get("/room_compositions")
def list_compositions(
    request: Request, services: ServicesDep, account: AccountDep,
    query: Annotated[
        ListQuery, Depends(_list_query("date_created_at", "session_id", "status"))
    ],
) -> dict[str, Any]:  # fmt: skip
    found = [
        c
        for c in reversed(services.compositions.list(account.id))
        if c.status is not CompositionStatus.DELETED
        and query.dated("date_created_at", c.created_at)
        and query.uuid("session_id") in (None, c.session_id)
        and query.text("status") in (None, c.status.value)
    ]
    page = query.page(found)
    page["data"] = [_composition_wire(request, services, account, c) for c in page["data"]]
    return page


def _composition(services: ServicesDep, account: Account, composition_id: str) -> Composition:
    found = services.compositions.get(account.id, parse_id(composition_id, "composition"))
    return _unless_deleted(found, "composition", composition_id)


@router.get("/room_compositions/{room_composition_id}")
def retrieve_composition(
    room_composition_id: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    found = _composition(services, account, room_composition_id)
    return _data(_composition_wire(request, services, account, found))


@router.delete("/room_compositions/{room_composition_id}", status_code=204)
def delete_composition(
    room_composition_id: str, services: ServicesDep, account: AccountDep
) -> Response:
    services.compositions.delete(_composition(services, account, room_composition_id))
    return Response(status_code=204)


@router.get("/media/{token}", include_in_schema=False)
def signed_media(token: str, services: ServicesDep) -> FileResponse:
    """Where download_url points: the file itself, with HTTP Range, until the link expires."""
    return serve_signed(token, services)
