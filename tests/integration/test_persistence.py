"""Repositories and migrations against real SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roomcast.adapters.db.models import Base
from roomcast.adapters.db.settings_codec import settings_from_json, settings_to_json
from roomcast.bootstrap import Container
from roomcast.core.rooms import (
    Quality,
    RecordedMedia,
    RecordingPolicy,
    Role,
    RoomKind,
    RoomMode,
    RoomSettings,
    Schedule,
)
from roomcast.services.joining import TokenRequest
from roomcast.services.rooms import RoomDraft
from tests.fixtures.accounts import AccountKeys


def test_the_migrations_build_exactly_the_models(container: Container) -> None:
    with container.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_migrating_twice_changes_nothing(container: Container) -> None:
    container.migrate()
    test_the_migrations_build_exactly_the_models(container)


def test_rooms_are_stored_whole_and_listed_per_account(
    container: Container, account: AccountKeys, other_account: AccountKeys
) -> None:
    settings_ = RoomSettings(
        mode=RoomMode.LECTURE,
        schedule=Schedule(
            kind=RoomKind.SCHEDULED,
            starts_at=datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC),
            duration_minutes=90,
        ),
        max_participants=40,
        quality=Quality.HD,
        recording=RecordingPolicy(participant_media=RecordedMedia.AUDIO, live_view_url="u"),
    )
    draft = RoomDraft(
        name="Lecture", owner_ref="o", settings=settings_, custom_data={"k": [1, "two"]}
    )
    with container.services() as services:
        room = services.rooms.create(account.account.id, draft)
    with container.services() as services:
        again = services.rooms.get(account.account.id, room.id)
        assert again == room
        assert services.rooms.list(other_account.account.id) == []
        assert services.rooms.get_by_short_id(account.account.id, room.short_id) == room


settings_strategy = st.builds(
    RoomSettings,
    mode=st.sampled_from(RoomMode),
    description=st.text(max_size=30),
    max_moderators=st.integers(1, 5),
    max_participants=st.none() | st.integers(1, 1000),
    max_audiences=st.integers(0, 100),
    max_active_talkers=st.integers(1, 16),
    quality=st.none() | st.sampled_from(Quality),
    screen_share=st.booleans(),
    knock=st.booleans(),
    recording=st.builds(
        RecordingPolicy,
        auto_record=st.booleans(),
        moderator_media=st.sampled_from(RecordedMedia),
        live_view_url=st.none() | st.text(max_size=20),
    ),
)


@given(settings_strategy)
@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_settings_survive_the_json_column(value: RoomSettings) -> None:
    assert settings_from_json(settings_to_json(value)) == value


def test_a_token_is_marked_used_by_exactly_one_of_many_concurrent_redemptions(
    container: Container, account: AccountKeys
) -> None:
    with container.services() as services:
        room = services.rooms.create(
            account.account.id, RoomDraft(name="r", settings=RoomSettings(max_participants=50))
        )
        _, encoded = services.joining.issue(
            room, TokenRequest(identity="u", name="U", role=Role.PARTICIPANT, custom_data={})
        )

    def redeem(_: int) -> bool:
        try:
            with container.services() as services:
                services.joining.redeem(encoded)
            return True
        except Exception:
            return False

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(redeem, range(6)))
    assert outcomes.count(True) == 1
    with container.services() as services:
        assert len(services.rooms.connected_participants(room)) == 1


def test_an_unknown_account_id_finds_nothing(container: Container) -> None:
    with container.services() as services:
        assert services.rooms.list(uuid.uuid4()) == []
