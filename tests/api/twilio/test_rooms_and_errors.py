"""Twilio Rooms, and Twilio's errors, through the official SDK."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from tests.api.twilio.conftest import sdk_client
from tests.fixtures.accounts import AccountKeys


def test_rooms_end_to_end(twilio: Client) -> None:
    rooms = twilio.video.v1.rooms
    created = rooms.create(
        unique_name="DailyStandup", max_participants=10, record_participants_on_connect=True
    )
    assert created.sid.startswith("RM") and len(created.sid) == 34
    assert created.status == "in-progress"
    assert created.unique_name == "DailyStandup"
    assert created.max_participants == 10
    assert created.record_participants_on_connect is True
    assert created.date_created.tzinfo is not None  # the SDK parsed our date format

    assert rooms(created.sid).fetch().sid == created.sid
    assert rooms("DailyStandup").fetch().sid == created.sid
    assert [r.sid for r in rooms.list(unique_name="DailyStandup")] == [created.sid]
    assert created.sid in [r.sid for r in rooms.list(status="in-progress")]

    ended = rooms(created.sid).update(status="completed")
    assert ended.status == "completed"
    assert ended.end_time is not None
    assert created.sid in [r.sid for r in rooms.list(status="completed")]
    with pytest.raises(TwilioRestException) as caught:
        rooms("DailyStandup").fetch()  # unique names address rooms in progress only
    assert caught.value.status == 404


def test_auth_token_and_api_key_both_work(base_url: str, account: AccountKeys) -> None:
    by_token = sdk_client(base_url, account, use_api_key=False)
    room = by_token.video.v1.rooms.create(unique_name="via-token")
    by_key = sdk_client(base_url, account)
    assert by_key.video.v1.rooms(room.sid).fetch().unique_name == "via-token"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [({"max_participants": 51}, 53107), ({"type": "huge"}, 53108), ({"empty_room_timeout": 61}, 53109),
     ({"status_callback_method": "PUT"}, 53110)],
)  # fmt: skip
def test_room_parameters_out_of_range(twilio: Client, kwargs: dict[str, object], code: int) -> None:
    with pytest.raises(TwilioRestException) as caught:
        twilio.video.v1.rooms.create(**kwargs)
    assert (caught.value.status, caught.value.code) == (400, code)


def test_a_unique_name_in_use_is_refused(twilio: Client) -> None:
    twilio.video.v1.rooms.create(unique_name="taken")
    with pytest.raises(TwilioRestException) as caught:
        twilio.video.v1.rooms.create(unique_name="taken")
    assert (caught.value.status, caught.value.code) == (400, 53113)


def test_unknown_sids_and_bad_credentials(
    twilio: Client, base_url: str, account: AccountKeys
) -> None:
    for fetch in (
        lambda: twilio.video.v1.rooms("RM" + "0" * 32).fetch(),
        lambda: twilio.video.v1.compositions("CJ" + "0" * 32).fetch(),
        lambda: twilio.video.v1.recordings("RT" + "0" * 32).fetch(),
        lambda: twilio.video.v1.compositions("CJnot-a-sid").fetch(),
    ):
        with pytest.raises(TwilioRestException) as caught:
            fetch()
        assert (caught.value.status, caught.value.code) == (404, 20404)
    wrong = Client("SK" + "0" * 32, "nope", account_sid="AC" + account.account.id.hex)
    wrong.video.base_url = base_url
    with pytest.raises(TwilioRestException) as caught:
        wrong.video.v1.rooms("RM" + "0" * 32).fetch()
    assert (caught.value.status, caught.value.code) == (401, 20003)
    with pytest.raises(TwilioException, match="20003"):  # list pages raise the base class
        wrong.video.v1.rooms.list()


def test_another_account_sees_none_of_it(
    twilio: Client, base_url: str, other_account: AccountKeys
) -> None:
    room = twilio.video.v1.rooms.create(unique_name="private")
    other = sdk_client(base_url, other_account)
    assert other.video.v1.rooms.list() == []
    with pytest.raises(TwilioRestException) as caught:
        other.video.v1.rooms(room.sid).fetch()
    assert caught.value.status == 404
