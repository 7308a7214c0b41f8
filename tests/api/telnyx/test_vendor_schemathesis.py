"""Schemathesis over Telnyx's own OpenAPI extract (shared/reference/telnyx), every path of
which roomcast implements: whatever the vendor's schema allows, or nearly allows, no 5xx."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error

from tests.api.telnyx.conftest import api_key
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.fuzzing import record

VENDOR_FILE = (
    Path(__file__).resolve().parents[4]
    / "shared/reference/telnyx/telnyx-video-openapi-extract.yaml"
)
EXAMPLES = 15


def _spec() -> dict[str, Any] | None:
    if not VENDOR_FILE.exists():
        return None
    spec: dict[str, Any] = yaml.safe_load(VENDOR_FILE.read_text())
    return spec


SPEC = _spec()
pytestmark = pytest.mark.skipif(
    SPEC is None, reason=f"the vendor OpenAPI file is not at {VENDOR_FILE}"
)
OPERATIONS = (
    {r.ok().label: r.ok() for r in schemathesis.openapi.from_dict(SPEC).get_all_operations()}
    if SPEC
    else {}
)
CASES = [
    (label, mode)
    for label, operation in sorted(OPERATIONS.items())
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if mode is GenerationMode.POSITIVE or operation.body
]


@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{op} {m.value}" for op, m in CASES])
def test_telnyx_operation_never_answers_5xx(
    label: str, mode: GenerationMode, base_url: str, account: AccountKeys
) -> None:
    headers = {"Authorization": f"Bearer {api_key(account)}"}
    statuses: Counter[int] = Counter()

    @given(case=OPERATIONS[label].as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def run(case: Case) -> None:
        response = case.call_and_validate(
            base_url=f"{base_url}/v2", checks=[not_a_server_error], headers=headers
        )
        statuses[response.status_code] += 1
        record("telnyx", response.status_code)

    run()
    assert not any(status >= 500 for status in statuses), statuses
