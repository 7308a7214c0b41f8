"""Schemathesis over Twilio's own OpenAPI file (shared/reference/twilio), limited to the
operations roomcast implements: whatever the vendor's schema allows, no 5xx."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error

from roomcast.core.accounts import CredentialKind
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.fuzzing import record

VENDOR_FILE = Path(__file__).resolve().parents[4] / "shared/reference/twilio/twilio_video_v1.json"
IMPLEMENTED = {
    "/v1/Rooms": {"get", "post"},
    "/v1/Rooms/{Sid}": {"get", "post"},
    "/v1/Rooms/{RoomSid}/Recordings": {"get"},
    "/v1/Rooms/{RoomSid}/Participants": {"get"},
    "/v1/Rooms/{RoomSid}/Participants/{Sid}": {"get", "post"},
    "/v1/Rooms/{RoomSid}/Participants/{ParticipantSid}/PublishedTracks": {"get"},
    "/v1/Rooms/{RoomSid}/Participants/{ParticipantSid}/PublishedTracks/{Sid}": {"get"},
    "/v1/Rooms/{RoomSid}/Participants/{ParticipantSid}/SubscribedTracks": {"get"},
    "/v1/Rooms/{RoomSid}/Participants/{ParticipantSid}/SubscribedTracks/{Sid}": {"get"},
    "/v1/Recordings": {"get"},
    "/v1/Recordings/{Sid}": {"get", "delete"},
    "/v1/Rooms/{RoomSid}/Recordings/{Sid}": {"get", "delete"},
    "/v1/Compositions": {"get", "post"},
    "/v1/Compositions/{Sid}": {"get", "delete"},
    "/v1/CompositionHooks": {"get", "post"},
    "/v1/CompositionHooks/{Sid}": {"get", "post", "delete"},
}
EXAMPLES = 15


def _implemented_spec() -> dict[str, Any] | None:
    if not VENDOR_FILE.exists():
        return None
    spec = json.loads(VENDOR_FILE.read_text())
    paths = {}
    for path, item in spec["paths"].items():
        if path in IMPLEMENTED:
            kept = {
                k: v
                for k, v in item.items()
                if k not in {"get", "post", "delete"} or k in IMPLEMENTED[path]
            }
            paths[path] = copy.deepcopy(kept)
    spec["paths"] = paths
    return spec


SPEC = _implemented_spec()
pytestmark = pytest.mark.skipif(
    SPEC is None, reason=f"the vendor OpenAPI file is not at {VENDOR_FILE}"
)
OPERATIONS = (
    {r.ok().label: r.ok() for r in schemathesis.openapi.from_dict(SPEC).get_all_operations()}
    if SPEC
    else {}
)


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_twilio_operation_never_answers_5xx(
    label: str, base_url: str, account: AccountKeys
) -> None:
    key = account.key(CredentialKind.TWILIO_API_KEY)
    auth = ("SK" + key.credential.public_id, key.secret)
    statuses: Counter[int] = Counter()

    @given(case=OPERATIONS[label].as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: Case) -> None:
        response = case.call_and_validate(base_url=base_url, checks=[not_a_server_error], auth=auth)
        statuses[response.status_code] += 1
        record("twilio", response.status_code)

    run()
    assert not any(status >= 500 for status in statuses), statuses
