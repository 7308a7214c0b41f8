"""roomcast's own endpoints: health, joining, rooms, recordings and compositions."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from roomcast.core.compositions import Composition
from roomcast.core.errors import InvalidInput, NotFound
from roomcast.core.recordings import Recording
from roomcast.core.rooms import Room
from roomcast.delivery.http.deps import ContainerDep, ServicesDep
from roomcast.delivery.http.native import schemas
from roomcast.delivery.http.native.auth import AccountDep
from roomcast.delivery.http.twilio import access_tokens as twilio_tokens
from roomcast.services.compositions import CompositionRequest
from roomcast.services.recordings import TrackImport
from roomcast.services.rooms import RoomDraft

router = APIRouter(tags=["native"])
API = "/api/v1"
UPLOAD_CHUNK = 1 << 20


class Health(BaseModel):
    status: str = "ok"


class JoinRequest(BaseModel):
    token: str = Field(min_length=1, max_length=8192)


class Admission(BaseModel):
    participant_id: str
    session_id: str
    room_id: str
    identity: str
    name: str
    role: str


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health()


@router.post(f"{API}/join", response_model=Admission)
def join(body: JoinRequest, services: ServicesDep) -> Admission:
    """Redeem a join token from any dialect, or a Twilio AccessToken: enter the room's
    session as a participant."""
    header, claims = services.joining.peek(body.token)
    if twilio_tokens.is_twilio_token(dict(header)):
        admitted = twilio_tokens.admit(services, body.token, dict(claims))
    else:
        admitted = services.joining.redeem(body.token)
    return Admission(
        participant_id=str(admitted.participant.id),
        session_id=str(admitted.session.id),
        room_id=str(admitted.token.room_id),
        identity=admitted.participant.identity,
        name=admitted.participant.name,
        role=admitted.participant.role.value,
    )


def _uuid(value: str, entity: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(entity, value) from None


def _room(services: ServicesDep, account: AccountDep, room_id: str) -> Room:
    return services.rooms.get(account.id, _uuid(room_id, "room"))


@router.post(f"{API}/rooms", response_model=schemas.RoomOut, status_code=201)
def create_room(
    body: schemas.RoomIn, services: ServicesDep, account: AccountDep
) -> schemas.RoomOut:
    room = services.rooms.create(
        account.id, RoomDraft(name=body.name, unique_name=body.unique_name)
    )
    return _room_out(room)


@router.get(f"{API}/rooms/{{room_id}}", response_model=schemas.RoomOut)
def get_room(room_id: str, services: ServicesDep, account: AccountDep) -> schemas.RoomOut:
    return _room_out(_room(services, account, room_id))


@router.post(
    f"{API}/rooms/{{room_id}}/recordings",
    response_model=list[schemas.RecordingOut],
    status_code=201,
)
def upload_recording(
    room_id: str,
    file: Annotated[UploadFile, File(description="The track's media file")],
    name: Annotated[str, Form(min_length=1, max_length=200)],
    services: ServicesDep,
    account: AccountDep,
    container: ContainerDep,
    offset: Annotated[float, Form(ge=0, le=86_400)] = 0.0,
    participant: Annotated[str, Form(max_length=200)] = "",
    session_id: Annotated[str | None, Form()] = None,
) -> list[schemas.RecordingOut]:
    """Import a track file into a session of the room (a new one unless session_id names
    one). A file with audio and video becomes two recordings."""
    room = _room(services, account, room_id)
    session = _uuid(session_id, "session") if session_id else None
    suffix = (
        "." + (file.filename or "").rsplit(".", 1)[-1][:8] if "." in (file.filename or "") else ""
    )
    scratch = container.storage.scratch_path(suffix.lower())
    try:
        with open(scratch, "wb") as out:
            while chunk := file.file.read(UPLOAD_CHUNK):
                out.write(chunk)
        track = TrackImport(name=name, path=scratch, offset=offset, participant=participant)
        recordings = services.recordings.import_tracks(room, [track], session)
    finally:
        container.storage.discard_scratch(scratch)
    return [_recording_out(r) for r in recordings]


@router.get(f"{API}/rooms/{{room_id}}/recordings", response_model=list[schemas.RecordingOut])
def list_recordings(
    room_id: str, services: ServicesDep, account: AccountDep
) -> list[schemas.RecordingOut]:
    room = _room(services, account, room_id)
    return [_recording_out(r) for r in services.recordings.list_for_room(room)]


@router.post(f"{API}/compositions", response_model=schemas.CompositionOut, status_code=201)
def create_composition(
    body: schemas.CompositionIn, services: ServicesDep, account: AccountDep
) -> schemas.CompositionOut:
    room = _room(services, account, body.room_id)
    if not body.video_layout and not body.audio_sources:
        raise InvalidInput("video_layout", "give a video_layout or audio_sources")
    request = CompositionRequest(
        video_layout=body.video_layout,
        audio_sources=body.audio_sources,
        audio_sources_excluded=body.audio_sources_excluded,
        resolution=body.resolution,
        format=body.format,
        trim=body.trim,
    )
    session = _uuid(body.session_id, "session") if body.session_id else None
    return _composition_out(services.compositions.create(room, request, session))


@router.get(f"{API}/compositions", response_model=list[schemas.CompositionOut])
def list_compositions(services: ServicesDep, account: AccountDep) -> list[schemas.CompositionOut]:
    return [_composition_out(c) for c in services.compositions.list(account.id)]


@router.get(f"{API}/compositions/{{composition_id}}", response_model=schemas.CompositionOut)
def get_composition(
    composition_id: str, services: ServicesDep, account: AccountDep
) -> schemas.CompositionOut:
    found = services.compositions.get(account.id, _uuid(composition_id, "composition"))
    return _composition_out(found)


@router.delete(f"{API}/compositions/{{composition_id}}", status_code=204)
def delete_composition(composition_id: str, services: ServicesDep, account: AccountDep) -> None:
    found = services.compositions.get(account.id, _uuid(composition_id, "composition"))
    services.compositions.delete(found)


@router.get(f"{API}/compositions/{{composition_id}}/media", response_class=FileResponse)
def composition_media(
    composition_id: str, services: ServicesDep, account: AccountDep
) -> FileResponse:
    """The composed file; HTTP Range requests are honoured."""
    found = services.compositions.get(account.id, _uuid(composition_id, "composition"))
    media_type = "video/mp4" if found.format.value == "mp4" else "video/webm"
    return FileResponse(
        services.compositions.media_path(found),
        media_type=media_type,
        filename=f"{found.id}.{found.format.value}",
    )


@router.get(f"{API}/webhooks/public_key", response_model=schemas.WebhookKeyOut)
def webhook_public_key(services: ServicesDep, account: AccountDep) -> schemas.WebhookKeyOut:
    """The key that verifies this account's Ed25519-signed (Telnyx) webhooks."""
    return schemas.WebhookKeyOut(public_key=services.accounts.webhook_public_key(account))


@router.get(f"{API}/webhooks", response_model=list[schemas.WebhookDeliveryOut])
def webhook_log(
    services: ServicesDep, account: AccountDep, limit: int = 100
) -> list[schemas.WebhookDeliveryOut]:
    """The webhook delivery log, newest first: every attempt, with its status or error."""
    return [
        schemas.WebhookDeliveryOut(
            id=str(d.id),
            event=d.event,
            url=d.callback.url,
            scheme=d.callback.scheme,
            status=d.status.value,
            created_at=d.created_at,
            next_attempt_at=d.next_attempt_at,
            attempts=[schemas.AttemptOut(**dataclasses.asdict(a)) for a in d.attempts],
        )
        for d in services.webhooks.deliveries(account.id, min(max(limit, 1), 1000))
    ]


def _room_out(room: Room) -> schemas.RoomOut:
    return schemas.RoomOut(
        id=str(room.id), name=room.name, unique_name=room.unique_name, created_at=room.created_at
    )


def _recording_out(r: Recording) -> schemas.RecordingOut:
    return schemas.RecordingOut(
        id=str(r.id),
        room_id=str(r.room_id),
        session_id=str(r.session_id),
        name=r.track_name,
        kind=r.kind.value,
        offset=r.offset,
        duration=r.duration,
        size=r.size,
        container=r.container,
        codec=r.codec,
        width=r.width,
        height=r.height,
        participant=r.participant,
        created_at=r.created_at,
    )


def _composition_out(c: Composition) -> schemas.CompositionOut:
    done = c.status.value == "completed"
    return schemas.CompositionOut(
        id=str(c.id),
        room_id=str(c.room_id),
        session_id=str(c.session_id),
        status=c.status.value,
        progress=c.progress,
        eta_seconds=c.eta_seconds,
        duration=c.duration,
        size=c.size,
        bitrate=c.bitrate,
        error=c.error,
        video_layout=dict(c.video_layout),
        audio_sources=list(c.audio_sources),
        audio_sources_excluded=list(c.audio_sources_excluded),
        resolution=c.resolution,
        format=c.format.value,
        trim=c.trim,
        created_at=c.created_at,
        started_at=c.started_at,
        completed_at=c.completed_at,
        media_url=f"{API}/compositions/{c.id}/media" if done else None,
    )
