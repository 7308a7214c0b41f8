"""Twilio Programmable Video v1: Rooms, Recordings, Compositions and their Media."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, JSONResponse

from roomcast.core.accounts import Account
from roomcast.core.compositions import CompositionQuery, CompositionStatus
from roomcast.core.errors import InvalidInput, NotFound
from roomcast.core.layout.model import matches
from roomcast.core.recordings import Recording
from roomcast.core.rooms import Participant, RecordingPolicy, Room, RoomSettings
from roomcast.core.webhooks import Callback
from roomcast.delivery.http.deps import ServicesDep
from roomcast.delivery.http.media import serve_signed
from roomcast.delivery.http.twilio.auth import AccountDep
from roomcast.delivery.http.twilio.mapping import (
    COMPOSITION,
    DIALECT,
    HOOK,
    PARTICIPANT,
    RECORDING,
    ROOM,
    TRACK,
    check_callback_url,
    check_resolution,
    composition_to_wire,
    hook_to_wire,
    parse_sid,
    participant_to_wire,
    recording_to_wire,
    room_to_wire,
    sid,
    track_to_wire,
)
from roomcast.delivery.http.twilio.paging import PageRequest, page_body
from roomcast.delivery.http.twilio.webhooks import EVENTS
from roomcast.services.compositions import CompositionRequest
from roomcast.services.rooms import RoomDraft

PREFIX = "/v1"
router = APIRouter(prefix=PREFIX, tags=["twilio"])
Method = Literal["GET", "POST"]
Bool = Literal["true", "false", "True", "False"]
PageSize = Annotated[int, Query(alias="PageSize")]
PageNumber = Annotated[int, Query(alias="Page")]
PageToken = Annotated[str | None, Query(alias="PageToken", max_length=100)]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _truthy(value: str | None, default: bool) -> bool:
    return default if value is None else value.lower() == "true"


def _room(services: ServicesDep, account: Account, ref: str) -> Room:
    if ref.startswith(ROOM) and len(ref) == 34:
        return services.rooms.get(account.id, parse_sid(ROOM, ref, "room"))
    return services.rooms.get_open_by_unique_name(account.id, ref)


# Rooms


@router.post("/Rooms", status_code=201)
def create_room(
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    unique_name: Annotated[
        str | None, Form(alias="UniqueName", min_length=1, max_length=128)
    ] = None,
    room_type: Annotated[
        Literal["go", "peer-to-peer", "group", "group-small"], Form(alias="Type")
    ] = "group",
    status_callback: Annotated[str | None, Form(alias="StatusCallback", max_length=2000)] = None,
    status_callback_method: Annotated[Method, Form(alias="StatusCallbackMethod")] = "POST",
    max_participants: Annotated[int | None, Form(alias="MaxParticipants", ge=1, le=50)] = None,
    record: Annotated[Bool | None, Form(alias="RecordParticipantsOnConnect")] = None,
    empty_timeout: Annotated[int, Form(alias="EmptyRoomTimeout", ge=1, le=60)] = 5,
    unused_timeout: Annotated[int, Form(alias="UnusedRoomTimeout", ge=1, le=60)] = 5,
    media_region: Annotated[str | None, Form(alias="MediaRegion", max_length=20)] = None,
    audio_only: Annotated[Bool | None, Form(alias="AudioOnly")] = None,
) -> dict[str, Any]:
    check_callback_url(status_callback)
    extras = {
        "type": room_type,
        "status_callback": status_callback,
        "status_callback_method": status_callback_method,
        "empty_room_timeout": empty_timeout,
        "unused_room_timeout": unused_timeout,
        "media_region": media_region or "us1",
        "audio_only": _truthy(audio_only, False),
    }
    settings = RoomSettings(
        max_participants=max_participants,
        recording=RecordingPolicy(auto_record=_truthy(record, False)),
    )
    dialect_extras: dict[str, Any] = {DIALECT: extras}
    if status_callback:
        callback = Callback(status_callback, DIALECT, status_callback_method, events=EVENTS)
        dialect_extras["callback"] = callback.to_mapping()
    draft = RoomDraft(
        name=unique_name or "room",
        unique_name=unique_name,
        settings=settings,
        dialect_extras=dialect_extras,
    )
    return room_to_wire(services.rooms.create(account.id, draft), _base(request))


@router.get("/Rooms")
def list_rooms(
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: Annotated[
        Literal["in-progress", "completed", "failed"] | None, Query(alias="Status")
    ] = None,
    unique_name: Annotated[str | None, Query(alias="UniqueName", max_length=128)] = None,
    after: Annotated[datetime | None, Query(alias="DateCreatedAfter")] = None,
    before: Annotated[datetime | None, Query(alias="DateCreatedBefore")] = None,
    page_size: PageSize = 50,
    page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:
    wanted = PageRequest.parse(page_size, page, page_token)
    base = _base(request)
    rooms = [
        room_to_wire(r, base)
        for r in reversed(services.rooms.list(account.id))
        if _in_window(r.created_at, after, before)
    ]
    rooms = [
        r
        for r in rooms
        if (status is None or r["status"] == status)
        and (unique_name is None or r["unique_name"] == unique_name)
    ]
    filters = _filters(
        Status=status, UniqueName=unique_name, DateCreatedAfter=after, DateCreatedBefore=before
    )
    return _paged("rooms", rooms, wanted, f"{base}/v1/Rooms", filters)


@router.get("/Rooms/{room_ref}")
def fetch_room(
    room_ref: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    return room_to_wire(_room(services, account, room_ref), _base(request))


@router.post("/Rooms/{room_ref}", status_code=202)
def update_room(
    room_ref: str,
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: Annotated[str, Form(alias="Status")],
) -> dict[str, Any]:
    room = _room(services, account, room_ref)
    if status != "completed":
        raise InvalidInput("Status", f"Status {status!r} is invalid: only completed can be set")
    ended = services.rooms.complete(room)
    services.hooks.room_ended(ended)
    return room_to_wire(ended, _base(request))


# Participants


@router.get("/Rooms/{room_ref}/Participants")
def list_participants(
    room_ref: str,
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: Annotated[Literal["connected", "disconnected"] | None, Query(alias="Status")] = None,
    identity: Annotated[str | None, Query(alias="Identity", max_length=256)] = None,
    after: Annotated[datetime | None, Query(alias="DateCreatedAfter")] = None,
    before: Annotated[datetime | None, Query(alias="DateCreatedBefore")] = None,
    page_size: PageSize = 50,
    page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:
    wanted = PageRequest.parse(page_size, page, page_token)
    base = _base(request)
    room = _room(services, account, room_ref)
    items = [
        participant_to_wire(p, room, base)
        for p in services.rooms.participants(room)
        if (status is None or p.status.value == status)
        and (identity is None or p.identity == identity)
        and _in_window(p.joined_at, after, before)
    ]
    filters = _filters(
        Status=status, Identity=identity, DateCreatedAfter=after, DateCreatedBefore=before
    )
    url = f"{base}/v1/Rooms/{room_ref}/Participants"
    return _paged("participants", items, wanted, url, filters)


def _participant(services: ServicesDep, room: Room, ref: str) -> Participant:
    if ref.startswith(PARTICIPANT) and len(ref) == 34:
        return services.rooms.participant(room, parse_sid(PARTICIPANT, ref, "participant"))
    matching = [p for p in services.rooms.participants(room) if p.identity == ref]
    connected = [p for p in matching if p.left_at is None]
    if not (connected or matching):
        raise NotFound("participant", ref)
    return (connected or matching)[0]


def _room_participant(
    services: ServicesDep, account: Account, room_ref: str, participant_ref: str
) -> tuple[Room, Participant]:
    room = _room(services, account, room_ref)
    return room, _participant(services, room, participant_ref)


@router.get("/Rooms/{room_ref}/Participants/{participant_ref}")
def fetch_participant(
    room_ref: str,
    participant_ref: str,
    request: Request,
    services: ServicesDep,
    account: AccountDep,
) -> dict[str, Any]:
    room, found = _room_participant(services, account, room_ref, participant_ref)
    return participant_to_wire(found, room, _base(request))


@router.post("/Rooms/{room_ref}/Participants/{participant_ref}", status_code=202)
def update_participant(
    room_ref: str,
    participant_ref: str,
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: Annotated[str, Form(alias="Status")],
) -> dict[str, Any]:
    if status != "disconnected":
        raise InvalidInput("Status", f"Status {status!r} is invalid: only disconnected can be set")
    room, found = _room_participant(services, account, room_ref, participant_ref)
    return participant_to_wire(services.rooms.disconnect(room, found), room, _base(request))


# Published and subscribed tracks


def _published(services: ServicesDep, participant: Participant) -> list[Recording]:
    return services.recordings.published_by(participant)


def _subscribed(
    services: ServicesDep, room: Room, subscriber: Participant
) -> list[tuple[Recording, Participant]]:
    """Twilio's default rule: everyone subscribes to every track the others publish."""
    others = [
        p
        for p in services.rooms.participants(room)
        if p.session_id == subscriber.session_id and p.id != subscriber.id
    ]
    return [(r, p) for p in others for r in _published(services, p)]


@router.get("/Rooms/{room_ref}/Participants/{participant_ref}/PublishedTracks")
def list_published_tracks(
    room_ref: str, participant_ref: str, request: Request, services: ServicesDep,
    account: AccountDep, page_size: PageSize = 50, page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:  # fmt: skip
    wanted = PageRequest.parse(page_size, page, page_token)
    room, found = _room_participant(services, account, room_ref, participant_ref)
    base = _base(request)
    items = [track_to_wire(r, found, room, base) for r in _published(services, found)]
    url = f"{base}/v1/Rooms/{room_ref}/Participants/{participant_ref}/PublishedTracks"
    return _paged("published_tracks", items, wanted, url)


@router.get("/Rooms/{room_ref}/Participants/{participant_ref}/PublishedTracks/{track_ref}")
def fetch_published_track(
    room_ref: str, participant_ref: str, track_ref: str, request: Request,
    services: ServicesDep, account: AccountDep,
) -> dict[str, Any]:  # fmt: skip
    room, found = _room_participant(services, account, room_ref, participant_ref)
    for recording in _published(services, found):
        if track_ref in (sid(TRACK, recording.id), recording.track_name):
            return track_to_wire(recording, found, room, _base(request))
    raise NotFound("track", track_ref)


@router.get("/Rooms/{room_ref}/Participants/{participant_ref}/SubscribedTracks")
def list_subscribed_tracks(
    room_ref: str, participant_ref: str, request: Request, services: ServicesDep,
    account: AccountDep, page_size: PageSize = 50, page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:  # fmt: skip
    wanted = PageRequest.parse(page_size, page, page_token)
    room, found = _room_participant(services, account, room_ref, participant_ref)
    base = _base(request)
    items = [
        track_to_wire(r, publisher, room, base, subscriber=found)
        for r, publisher in _subscribed(services, room, found)
    ]
    url = f"{base}/v1/Rooms/{room_ref}/Participants/{participant_ref}/SubscribedTracks"
    return _paged("subscribed_tracks", items, wanted, url)


@router.get("/Rooms/{room_ref}/Participants/{participant_ref}/SubscribedTracks/{track_sid}")
def fetch_subscribed_track(
    room_ref: str, participant_ref: str, track_sid: str, request: Request,
    services: ServicesDep, account: AccountDep,
) -> dict[str, Any]:  # fmt: skip
    room, found = _room_participant(services, account, room_ref, participant_ref)
    for recording, publisher in _subscribed(services, room, found):
        if sid(TRACK, recording.id) == track_sid:
            return track_to_wire(recording, publisher, room, _base(request), subscriber=found)
    raise NotFound("track", track_sid)


# Recordings


RecordingStatusFilter = Annotated[
    Literal["processing", "completed", "deleted", "failed"] | None, Query(alias="Status")
]
SourceSid = Annotated[str | None, Query(alias="SourceSid", max_length=34)]
CreatedAfter = Annotated[datetime | None, Query(alias="DateCreatedAfter")]
CreatedBefore = Annotated[datetime | None, Query(alias="DateCreatedBefore")]


def _recording_filter(
    recordings: list[Recording],
    status: str | None,
    source_sid: str | None,
    after: datetime | None,
    before: datetime | None,
) -> list[Recording]:
    return [
        r
        for r in recordings
        if (status is None or r.status.value == status)
        and (source_sid is None or sid(TRACK, r.id) == source_sid)
        and _in_window(r.created_at, after, before)
    ]


@router.get("/Recordings")
def list_recordings(
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: RecordingStatusFilter = None,
    source_sid: SourceSid = None,
    grouping_sid: Annotated[list[str] | None, Query(alias="GroupingSid")] = None,
    media_type: Annotated[
        Literal["audio", "video", "data"] | None, Query(alias="MediaType")
    ] = None,
    after: CreatedAfter = None,
    before: CreatedBefore = None,
    page_size: PageSize = 50,
    page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:
    base = _base(request)
    found = _recording_filter(
        list(reversed(services.recordings.list_for_account(account.id))),
        status,
        source_sid,
        after,
        before,
    )
    items = [
        recording_to_wire(r, base)
        for r in found
        if (media_type is None or r.kind.value == media_type)
    ]
    if grouping_sid:
        items = [i for i in items if set(grouping_sid) <= set(i["grouping_sids"].values())]
    filters = _filters(
        Status=status, SourceSid=source_sid, MediaType=media_type,
        DateCreatedAfter=after, DateCreatedBefore=before,
    ) + [("GroupingSid", g) for g in grouping_sid or []]  # fmt: skip
    wanted = PageRequest.parse(page_size, page, page_token)
    return _paged("recordings", items, wanted, f"{base}/v1/Recordings", filters)


@router.get("/Rooms/{room_ref}/Recordings")
def list_room_recordings(
    room_ref: str,
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: RecordingStatusFilter = None,
    source_sid: SourceSid = None,
    after: CreatedAfter = None,
    before: CreatedBefore = None,
    page_size: PageSize = 50,
    page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:
    base = _base(request)
    room = _room(services, account, room_ref)
    found = _recording_filter(
        list(reversed(services.recordings.list_for_room(room))), status, source_sid, after, before
    )
    items = [recording_to_wire(r, base, in_room=True) for r in found]
    filters = _filters(
        Status=status, SourceSid=source_sid, DateCreatedAfter=after, DateCreatedBefore=before
    )
    wanted = PageRequest.parse(page_size, page, page_token)
    return _paged("recordings", items, wanted, f"{base}/v1/Rooms/{room_ref}/Recordings", filters)


def _recording(
    services: ServicesDep, account: Account, recording_sid: str, room_ref: str | None = None
) -> Recording:
    found = services.recordings.get(account.id, parse_sid(RECORDING, recording_sid, "recording"))
    if room_ref is not None and found.room_id != _room(services, account, room_ref).id:
        raise NotFound("recording", recording_sid)
    return found


@router.get("/Recordings/{recording_sid}")
def fetch_recording(
    recording_sid: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    return recording_to_wire(_recording(services, account, recording_sid), _base(request))


@router.get("/Rooms/{room_ref}/Recordings/{recording_sid}")
def fetch_room_recording(
    room_ref: str, recording_sid: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    found = _recording(services, account, recording_sid, room_ref)
    return recording_to_wire(found, _base(request), in_room=True)


@router.delete("/Recordings/{recording_sid}", status_code=204)
def delete_recording(recording_sid: str, services: ServicesDep, account: AccountDep) -> None:
    services.recordings.delete(_recording(services, account, recording_sid))


@router.delete("/Rooms/{room_ref}/Recordings/{recording_sid}", status_code=204)
def delete_room_recording(
    room_ref: str, recording_sid: str, services: ServicesDep, account: AccountDep
) -> None:
    services.recordings.delete(_recording(services, account, recording_sid, room_ref))


def _recording_media(
    request: Request, services: ServicesDep, account: Account, found: Recording, ttl: int
) -> JSONResponse:
    services.recordings.media_path(found)  # 404 once deleted
    return _redirect(
        request, services.media_links.sign(account, found.media_key, timedelta(seconds=ttl))
    )


Ttl = Annotated[int, Query(alias="Ttl", ge=1, le=604_800)]


@router.get("/Recordings/{recording_sid}/Media")
def recording_media(
    recording_sid: str,
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    ttl: Ttl = 3600,
) -> JSONResponse:
    return _recording_media(
        request, services, account, _recording(services, account, recording_sid), ttl
    )


@router.get("/Rooms/{room_ref}/Recordings/{recording_sid}/Media")
def room_recording_media(
    room_ref: str, recording_sid: str, request: Request, services: ServicesDep, account: AccountDep,
    ttl: Ttl = 3600,
) -> JSONResponse:  # fmt: skip
    found = _recording(services, account, recording_sid, room_ref)
    return _recording_media(request, services, account, found, ttl)


# Compositions


def composition_form(
    video_layout: Annotated[str | None, Form(alias="VideoLayout", max_length=65_536)] = None,
    audio_sources: Annotated[list[str] | None, Form(alias="AudioSources")] = None,
    audio_excluded: Annotated[list[str] | None, Form(alias="AudioSourcesExcluded")] = None,
    resolution: Annotated[str, Form(alias="Resolution", max_length=11)] = "640x480",
    fmt: Annotated[Literal["mp4", "webm"], Form(alias="Format")] = "webm",
    status_callback: Annotated[str | None, Form(alias="StatusCallback", max_length=2000)] = None,
    status_callback_method: Annotated[Method, Form(alias="StatusCallbackMethod")] = "POST",
    trim: Annotated[Bool | None, Form(alias="Trim")] = None,
) -> CompositionRequest:
    """The parameters Compositions and CompositionHooks share."""
    layout = _layout(video_layout)
    if not layout and not audio_sources:
        raise InvalidInput("VideoLayout", "either VideoLayout or AudioSources must be given")
    check_callback_url(status_callback)
    echo = {"status_callback": status_callback, "status_callback_method": status_callback_method}
    extras: dict[str, Any] = {DIALECT: echo}
    if status_callback:
        callback = Callback(status_callback, DIALECT, status_callback_method, events=EVENTS)
        extras["callback"] = callback.to_mapping()
    return CompositionRequest(
        video_layout=layout,
        audio_sources=audio_sources or [],
        audio_sources_excluded=audio_excluded or [],
        resolution=check_resolution(resolution),
        format=fmt,
        trim=_truthy(trim, True),
        extras=extras,
    )


CompositionForm = Annotated[CompositionRequest, Depends(composition_form)]


@router.post("/Compositions", status_code=201)
def create_composition(
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    room_sid: Annotated[str, Form(alias="RoomSid", max_length=64)],
    wanted: CompositionForm,
) -> dict[str, Any]:
    room = services.rooms.get(account.id, parse_sid(ROOM, room_sid, "room"))
    created = services.compositions.create(room, wanted)
    return composition_to_wire(created, _base(request))


@router.get("/Compositions")
def list_compositions(
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    status: Annotated[CompositionStatus | None, Query(alias="Status")] = None,
    after: Annotated[datetime | None, Query(alias="DateCreatedAfter")] = None,
    before: Annotated[datetime | None, Query(alias="DateCreatedBefore")] = None,
    room_sid: Annotated[str | None, Query(alias="RoomSid", pattern=r"^RM[0-9a-fA-F]{32}$")] = None,
    page_size: PageSize = 50,
    page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:
    wanted = PageRequest.parse(page_size, page, page_token)
    query = CompositionQuery(
        status=status,
        room_id=parse_sid(ROOM, room_sid, "room") if room_sid else None,
        created_after=after,
        created_before=before,
    )
    found = services.compositions.search(account.id, query, wanted.offset, wanted.size + 1)
    base = _base(request)
    items = [composition_to_wire(c, base) for c in found[: wanted.size]]
    filters = _filters(
        Status=status, RoomSid=room_sid, DateCreatedAfter=after, DateCreatedBefore=before
    )
    return page_body(
        "compositions",
        items,
        has_more=len(found) > wanted.size,
        page=wanted,
        url=f"{base}/v1/Compositions",
        filters=filters,
    )


@router.get("/Compositions/{composition_sid}")
def fetch_composition(
    composition_sid: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    found = services.compositions.get(
        account.id, parse_sid(COMPOSITION, composition_sid, "composition")
    )
    return composition_to_wire(found, _base(request))


@router.delete("/Compositions/{composition_sid}", status_code=204)
def delete_composition(composition_sid: str, services: ServicesDep, account: AccountDep) -> None:
    found = services.compositions.get(
        account.id, parse_sid(COMPOSITION, composition_sid, "composition")
    )
    services.compositions.delete(found)


@router.get("/Compositions/{composition_sid}/Media")
def composition_media(
    composition_sid: str, request: Request, services: ServicesDep, account: AccountDep,
    ttl: Annotated[int, Query(alias="Ttl", ge=1, le=604_800)] = 3600,
) -> JSONResponse:  # fmt: skip
    found = services.compositions.get(
        account.id, parse_sid(COMPOSITION, composition_sid, "composition")
    )
    services.compositions.media_path(found)  # 404 unless the media exists
    assert found.media_key is not None
    return _redirect(
        request, services.media_links.sign(account, found.media_key, timedelta(seconds=ttl))
    )


# CompositionHooks

HookName = Annotated[str, Form(alias="FriendlyName", min_length=1, max_length=100)]
HookEnabled = Annotated[Bool | None, Form(alias="Enabled")]


@router.post("/CompositionHooks", status_code=201)
def create_hook(
    request: Request, services: ServicesDep, account: AccountDep,
    name: HookName, wanted: CompositionForm, enabled: HookEnabled = None,
) -> dict[str, Any]:  # fmt: skip
    hook = services.hooks.create(account.id, name, _truthy(enabled, True), wanted)
    return hook_to_wire(hook, _base(request))


@router.get("/CompositionHooks")
def list_hooks(
    request: Request,
    services: ServicesDep,
    account: AccountDep,
    enabled: Annotated[Bool | None, Query(alias="Enabled")] = None,
    after: Annotated[datetime | None, Query(alias="DateCreatedAfter")] = None,
    before: Annotated[datetime | None, Query(alias="DateCreatedBefore")] = None,
    name: Annotated[str | None, Query(alias="FriendlyName", max_length=100)] = None,
    page_size: PageSize = 50,
    page: PageNumber = 0,
    page_token: PageToken = None,
) -> dict[str, Any]:
    wanted = PageRequest.parse(page_size, page, page_token)
    base = _base(request)
    hooks = [
        hook_to_wire(h, base)
        for h in services.hooks.list(account.id)
        if (enabled is None or h.enabled == _truthy(enabled, True))
        and _in_window(h.created_at, after, before)
        and (name is None or matches(name.lower(), h.friendly_name.lower()))
    ]
    filters = _filters(
        Enabled=enabled, DateCreatedAfter=after, DateCreatedBefore=before, FriendlyName=name
    )
    return _paged("composition_hooks", hooks, wanted, f"{base}/v1/CompositionHooks", filters)


@router.get("/CompositionHooks/{hook_sid}")
def fetch_hook(
    hook_sid: str, request: Request, services: ServicesDep, account: AccountDep
) -> dict[str, Any]:
    found = services.hooks.get(account.id, parse_sid(HOOK, hook_sid, "composition hook"))
    return hook_to_wire(found, _base(request))


@router.post("/CompositionHooks/{hook_sid}")
def update_hook(
    hook_sid: str, request: Request, services: ServicesDep, account: AccountDep,
    name: HookName, wanted: CompositionForm, enabled: HookEnabled = None,
) -> dict[str, Any]:  # fmt: skip
    found = services.hooks.get(account.id, parse_sid(HOOK, hook_sid, "composition hook"))
    updated = services.hooks.replace(found, name, _truthy(enabled, True), wanted)
    return hook_to_wire(updated, _base(request))


@router.delete("/CompositionHooks/{hook_sid}", status_code=204)
def delete_hook(hook_sid: str, services: ServicesDep, account: AccountDep) -> None:
    services.hooks.delete(
        services.hooks.get(account.id, parse_sid(HOOK, hook_sid, "composition hook"))
    )


@router.get("/MediaFiles/{token}", include_in_schema=False)
def signed_media(token: str, services: ServicesDep) -> FileResponse:
    """Where Media redirects: the file itself, honouring HTTP Range, until the link expires."""
    return serve_signed(token, services)


def _redirect(request: Request, token: str) -> JSONResponse:
    url = f"{_base(request)}/v1/MediaFiles/{token}"
    return JSONResponse({"redirect_to": url}, status_code=302, headers={"Location": url})


def _layout(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput("VideoLayout", f"VideoLayout is not valid JSON: {exc.msg}") from exc
    if not isinstance(value, dict):
        raise InvalidInput("VideoLayout", "VideoLayout must be a JSON object of regions")
    return value


def _paged(
    key: str,
    items: list[dict[str, Any]],
    wanted: PageRequest,
    url: str,
    filters: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    end = wanted.offset + wanted.size
    return page_body(
        key, items[wanted.offset : end], has_more=len(items) > end, page=wanted, url=url,
        filters=filters or [],
    )  # fmt: skip


def _filters(**values: object) -> list[tuple[str, str]]:
    def text(value: object) -> str:
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        return str(value.value if hasattr(value, "value") else value)

    return [(name, text(value)) for name, value in values.items() if value is not None]


def _in_window(moment: datetime, after: datetime | None, before: datetime | None) -> bool:
    """Twilio's DateCreatedAfter (inclusive) / DateCreatedBefore (exclusive)."""
    return (after is None or moment >= after) and (before is None or moment < before)
