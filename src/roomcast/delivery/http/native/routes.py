"""roomcast's own endpoints."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from roomcast.delivery.http.deps import ServicesDep

router = APIRouter(tags=["native"])


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


@router.post("/api/v1/join", response_model=Admission)
def join(body: JoinRequest, services: ServicesDep) -> Admission:
    """Redeem a join token from any dialect: enter the room's session as a participant."""
    admitted = services.joining.redeem(body.token)
    return Admission(
        participant_id=str(admitted.participant.id),
        session_id=str(admitted.session.id),
        room_id=str(admitted.token.room_id),
        identity=admitted.participant.identity,
        name=admitted.participant.name,
        role=admitted.participant.role.value,
    )
