"""EnableX wire shapes. Field names here are EnableX's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, create_model

# No NUL characters: PostgreSQL cannot store them in text.
_NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=1000, pattern=_NO_NUL)]
Required = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255, pattern=_NO_NUL)
]
Recorded = Literal["audio", "audiovideo"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleBasedRecording(_Strict):
    moderator: Recorded = "audiovideo"
    participant: Recorded = "audiovideo"


class LiveRecording(_Strict):
    auto_recording: StrictBool = False
    url: Text | None = None


class RoomSettingsIn(_Strict):
    description: Text = ""
    mode: Literal["group", "lecture"] = "group"
    scheduled: StrictBool = False
    adhoc: StrictBool = False
    scheduled_time: Annotated[str, StringConstraints(max_length=40)] | None = None
    duration: Annotated[int, Field(gt=0, le=10_000_000)] | None = None
    moderators: Annotated[int, Field(ge=1, le=5)] = 1
    participants: Annotated[int, Field(ge=1, le=100_000)]
    audiences: Annotated[int, Field(ge=1, le=100_000)] | None = None
    send_audiences_stats: StrictBool = False
    hls_view_url: Text | None = None
    auto_recording: StrictBool = False
    screen_share: StrictBool = True
    canvas: StrictBool = False
    knock: StrictBool = False
    wait_for_moderator: StrictBool = False
    quality: Literal["HD", "SD", "LD"] | None = None
    billing_code: Text = ""
    abwd: StrictBool = True
    facex: StrictBool = True
    max_active_talkers: Annotated[int, Field(ge=1, le=16)] = 6
    single_file_recording: StrictBool = False
    role_based_recording: RoleBasedRecording | None = None
    live_recording: LiveRecording | None = None
    media_zone: Literal["IN", "SG", "US", "XX"] = "XX"
    watermark: StrictBool = False


class SipIn(_Strict):
    enabled: StrictBool = False


class RoomCreate(_Strict):
    name: Required
    owner_ref: Required
    settings: RoomSettingsIn
    sip: SipIn = Field(default_factory=SipIn)
    data: dict[str, Any] = Field(default_factory=dict)


def _all_optional(model: type[BaseModel], name: str) -> Any:
    """The same fields, each optional with no default: PATCH sends only what changes."""
    fields: dict[str, Any] = {
        key: (Annotated[(info.annotation, *info.metadata, "optional")] | None, None)
        for key, info in model.model_fields.items()
    }
    return create_model(name, __base__=_Strict, **fields)


if TYPE_CHECKING:
    RoomSettingsPatch = RoomSettingsIn
else:
    RoomSettingsPatch = _all_optional(RoomSettingsIn, "RoomSettingsPatch")


class RoomPatch(_Strict):
    name: Required | None = None
    owner_ref: Required | None = None
    settings: RoomSettingsPatch | None = None
    sip: SipIn | None = None
    data: dict[str, Any] | None = None


class TokenCreate(_Strict):
    name: Required
    role: Literal["moderator", "participant", "viewer"]
    user_ref: Required
    data: Annotated[dict[str, Any], Field(max_length=5)] = Field(default_factory=dict)


# Responses


class RoomSettingsOut(BaseModel):
    description: str
    mode: str
    scheduled: bool
    adhoc: bool
    scheduled_time: str | None = None
    duration: int | None = None
    moderators: str
    participants: str
    audiences: int | None = None
    send_audiences_stats: bool
    hls_view_url: str | None = None
    billing_code: str
    auto_recording: bool
    quality: str | None = None
    canvas: bool
    screen_share: bool
    abwd: bool
    facex: bool
    max_active_talkers: int
    knock: bool
    wait_for_moderator: bool
    media_zone: str
    single_file_recording: bool
    watermark: bool
    role_based_recording: RoleBasedRecording
    live_recording: LiveRecording | None = None


class SipOut(BaseModel):
    enabled: bool
    pin: int | None = None
    meeting_id: int | None = None


class RoomOut(BaseModel):
    name: str
    owner_ref: str
    settings: RoomSettingsOut
    sip: SipOut
    data: dict[str, Any]
    created: str
    room_id: str


class Result(BaseModel):
    result: Literal[0] = 0


class RoomResult(Result):
    room: RoomOut


class RoomsResult(Result):
    rooms: list[RoomOut]


class TokenResult(Result):
    token: str


class Permissions(BaseModel):
    publish: bool
    subscribe: bool
    record: bool
    stats: bool
    controlhandlers: bool


class UserOut(BaseModel):
    name: str
    user_ref: str
    role: str
    permissions: Permissions


class UsersResult(Result):
    total: int
    users: list[UserOut]


class ErrorResult(BaseModel):
    result: int
    error: str
    desc: str
