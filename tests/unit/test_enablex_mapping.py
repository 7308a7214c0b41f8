"""EnableX translation rules that need no server."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roomcast.core.errors import InvalidInput
from roomcast.delivery.http.enablex.mapping import parse_time
from roomcast.delivery.http.enablex.schemas import RoomSettingsIn, RoomSettingsPatch


def test_parse_time_reads_the_documented_format_as_utc() -> None:
    assert parse_time("2030-01-02 03:04:05") == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("2030-01-02T03:04:05", "settings.scheduled_time"),
        ("2030-1-2 3:4:5", "settings.scheduled_time"),
        ("", "settings.scheduled_time"),
        ("2030-13-02 03:04:05", "settings.scheduled_time.value"),
        ("2030-02-30 03:04:05", "settings.scheduled_time.value"),
    ],
)
def test_parse_time_tells_a_bad_shape_from_an_impossible_date(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_time(text)
    assert caught.value.field == field


@given(st.text(max_size=25))
def test_parse_time_never_raises_anything_but_invalid_input(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        parse_time(text)


def test_the_patch_schema_has_every_create_field_and_keeps_its_limits() -> None:
    assert set(RoomSettingsPatch.model_fields) == set(RoomSettingsIn.model_fields)
    assert RoomSettingsPatch.model_validate({}).model_dump(exclude_none=True) == {}
    with pytest.raises(ValueError):
        RoomSettingsPatch.model_validate({"max_active_talkers": 17})
