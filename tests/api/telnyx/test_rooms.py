"""Rooms through the official `telnyx` SDK: create, list with filters and pages, retrieve,
update, delete, client tokens, and the errors each bad input gets."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import telnyx as telnyx_sdk
from telnyx import Telnyx

from tests.api.telnyx.conftest import join, sdk_client, unique
from tests.fixtures.accounts import AccountKeys


def test_room_lifecycle(telnyx: Telnyx) -> None:
    name = unique("lobby")
    created = telnyx.rooms.create(
        unique_name=name,
        max_participants=8,
        enable_recording=True,
        webhook_event_url="https://example.com/hooks",
        webhook_timeout_secs=7,
    ).data
    assert created is not None and created.unique_name == name
    assert created.max_participants == 8 and created.enable_recording is True
    assert created.webhook_event_url == "https://example.com/hooks"
    assert created.webhook_timeout_secs == 7 and created.active_session_id is None
    assert created.record_type == "room" and created.sessions == []

    fetched = telnyx.rooms.retrieve(created.id).data
    assert fetched is not None and fetched.id == created.id

    updated = telnyx.rooms.update(created.id, max_participants=20).data
    assert updated is not None and updated.max_participants == 20
    assert updated.unique_name == name and updated.enable_recording is True

    assert telnyx.rooms.delete(created.id) is None
    with pytest.raises(telnyx_sdk.NotFoundError) as caught:
        telnyx.rooms.retrieve(created.id)
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["code"] == "10005" and error["title"] == "Resource not found"


def test_filters_and_pages(telnyx: Telnyx) -> None:
    prefix = unique("paged")
    ids = {telnyx.rooms.create(unique_name=f"{prefix}-{i}").data.id for i in range(23)}  # type: ignore[union-attr]
    page = telnyx.rooms.list(page_size=10, page_number=2)
    assert page.meta is not None and page.meta.page_number == 2 and page.meta.page_size == 10
    assert page.meta.total_results >= 23 and len(page.data) == 10
    everything = {room.id for room in telnyx.rooms.list(page_size=7)}  # auto-paging
    assert ids <= everything

    only = telnyx.rooms.list(filter={"unique_name": f"{prefix}-3"}).data
    assert [r.unique_name for r in only] == [f"{prefix}-3"]
    today = dt.datetime.now(dt.UTC).date()
    tomorrow = today + dt.timedelta(days=1)
    assert ids <= {
        r.id
        for r in telnyx.rooms.list(filter={"date_created_at": {"eq": today}}, page_size=250).data
    }
    assert ids <= {
        r.id
        for r in telnyx.rooms.list(filter={"date_updated_at": {"lte": today}}, page_size=250).data
    }
    assert not telnyx.rooms.list(filter={"date_created_at": {"gte": tomorrow}}).data


def test_client_tokens_join_and_refresh(telnyx: Telnyx, base_url: str) -> None:
    room = telnyx.rooms.create(unique_name=unique("tokens")).data
    assert room is not None
    issued = telnyx.rooms.actions.generate_join_client_token(
        room.id, token_ttl_secs=60, refresh_token_ttl_secs=120
    ).data
    assert issued is not None and issued.token and issued.refresh_token
    assert issued.token_expires_at is not None and issued.refresh_token_expires_at is not None
    assert (
        issued.refresh_token_expires_at - issued.token_expires_at
    ).total_seconds() == pytest.approx(60, abs=1)

    admitted = join(base_url, issued.token)
    assert admitted["room_id"] == room.id
    retrieved = telnyx.rooms.retrieve(room.id, include_sessions=True).data
    assert retrieved is not None and retrieved.active_session_id == admitted["session_id"]
    assert [s.id for s in retrieved.sessions or []] == [admitted["session_id"]]

    refreshed = telnyx.rooms.actions.refresh_client_token(
        room.id, refresh_token=issued.refresh_token, token_ttl_secs=30
    ).data
    assert refreshed is not None and refreshed.token and refreshed.token != issued.token
    assert join(base_url, refreshed.token)["room_id"] == room.id

    # A refresh token does not join, and a join token does not refresh.
    assert (
        httpx.post(f"{base_url}/api/v1/join", json={"token": issued.refresh_token}).status_code
        == 403
    )
    with pytest.raises(telnyx_sdk.PermissionDeniedError):
        telnyx.rooms.actions.refresh_client_token(room.id, refresh_token=issued.token)
    with pytest.raises(telnyx_sdk.PermissionDeniedError):
        telnyx.rooms.actions.refresh_client_token(room.id, refresh_token="not-a-token")


def test_refresh_token_of_another_room_is_refused(telnyx: Telnyx) -> None:
    first, second = (telnyx.rooms.create(unique_name=unique("r")).data for _ in range(2))
    assert first is not None and second is not None
    issued = telnyx.rooms.actions.generate_join_client_token(first.id).data
    assert issued is not None and issued.refresh_token
    with pytest.raises(telnyx_sdk.PermissionDeniedError):
        telnyx.rooms.actions.refresh_client_token(second.id, refresh_token=issued.refresh_token)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"max_participants": 1}, "/max_participants"),
        ({"max_participants": 51}, "/max_participants"),
        ({"webhook_event_url": "not a url"}, "/webhook_event_url"),
        ({"webhook_timeout_secs": 31}, "/webhook_timeout_secs"),
        ({"unique_name": ""}, "/unique_name"),
    ],
)
def test_bad_room_bodies_get_422_pointing_at_the_field(
    telnyx: Telnyx, body: dict[str, object], pointer: str
) -> None:
    with pytest.raises(telnyx_sdk.UnprocessableEntityError) as caught:
        telnyx.rooms.create(**body)  # type: ignore[arg-type]
    error = caught.value.body["errors"][0]  # type: ignore[index]
    assert error["source"]["pointer"] == pointer
    assert error["code"] == "10015" and error["title"] and error["detail"]


def test_bad_page_size_names_the_parameter(raw: httpx.Client) -> None:
    response = raw.get("/rooms", params={"page[size]": 251})
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"] == {"parameter": "page[size]"}


def test_a_unique_name_in_use_is_refused(telnyx: Telnyx) -> None:
    name = unique("taken")
    telnyx.rooms.create(unique_name=name)
    with pytest.raises(telnyx_sdk.UnprocessableEntityError):
        telnyx.rooms.create(unique_name=name)


def test_bad_credentials_and_isolation(
    telnyx: Telnyx, base_url: str, other_account: AccountKeys
) -> None:
    room = telnyx.rooms.create(unique_name=unique("mine")).data
    assert room is not None
    with (
        Telnyx(api_key="KEYnope_nope", base_url=f"{base_url}/v2") as stranger,
        pytest.raises(telnyx_sdk.AuthenticationError) as caught,
    ):
        stranger.rooms.list()
    assert caught.value.body["errors"][0]["code"] == "10009"  # type: ignore[index]
    with sdk_client(base_url, other_account) as other:
        with pytest.raises(telnyx_sdk.NotFoundError):
            other.rooms.retrieve(room.id)
        assert room.id not in {r.id for r in other.rooms.list(page_size=250).data}
        with pytest.raises(telnyx_sdk.NotFoundError):
            other.rooms.delete(room.id)


def test_unknown_and_malformed_ids_are_404(telnyx: Telnyx) -> None:
    for ref in ("not-a-uuid", "7b61621f-62e0-4aad-ab11-9fd19e272e73"):
        with pytest.raises(telnyx_sdk.NotFoundError):
            telnyx.rooms.retrieve(ref)
