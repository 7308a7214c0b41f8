"""Telnyx's list queries: deepObject filters (`filter[date_created_at][gte]=2021-04-25`),
`page[number]`/`page[size]`, and the `meta` block of every list."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError

T = TypeVar("T")
_KEY = re.compile(r"^filter((?:\[[a-z_]+\])+)$")
DEFAULT_SIZE, MAX_SIZE = 20, 250


def _bad(parameter: str, message: str, kind: str = "value_error") -> RequestValidationError:
    return RequestValidationError(
        [{"type": kind, "loc": ("query", parameter), "msg": message, "input": None}]
    )


@dataclass(frozen=True)
class ListQuery:
    filters: dict[str, str]  # "date_created_at.gte" -> "2021-04-25"
    number: int
    size: int

    @classmethod
    def parse(cls, request: Request, allowed: Sequence[str]) -> ListQuery:
        filters: dict[str, str] = {}
        for key, value in request.query_params.multi_items():
            match = _KEY.match(key)
            if match is None:
                continue
            name = ".".join(re.findall(r"\[([a-z_]+)\]", match[1]))
            if name.split(".")[0] not in allowed:
                raise _bad(key, f"unknown filter; use one of {', '.join(allowed)}")
            filters[name] = value
        number = _int(request, "page[number]", 1, 1, 10_000_000)
        size = _int(request, "page[size]", DEFAULT_SIZE, 1, MAX_SIZE)
        return cls(filters, number, size)

    def text(self, name: str) -> str | None:
        return self.filters.get(name)

    def uuid(self, name: str) -> uuid.UUID | None:
        value = self.filters.get(name)
        if value is None:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise _bad(f"filter[{name}]", f"{value!r} is not a UUID") from None

    def flag(self, name: str) -> bool | None:
        value = self.filters.get(name)
        if value is None:
            return None
        if value.lower() not in ("true", "false"):
            raise _bad(f"filter[{name}]", "must be true or false")
        return value.lower() == "true"

    def number_at_least(self, name: str) -> int | None:
        value = self.filters.get(name)
        if value is None:
            return None
        if not value.isdigit():
            raise _bad(f"filter[{name}]", "must be a whole number")
        return int(value)

    def dated(self, name: str, moment: datetime | None) -> bool:
        """Whether `moment` passes the filter's eq/gte/lte date bounds (none: it passes;
        any bound and no moment: it fails)."""
        bounds = {op: self._date(name, op) for op in ("eq", "gte", "lte")}
        wanted = {op: day for op, day in bounds.items() if day is not None}
        if not wanted:
            return True
        if moment is None:
            return False
        day = moment.date()
        checks: dict[str, Callable[[date], bool]] = {
            "eq": lambda d: day == d, "gte": lambda d: day >= d, "lte": lambda d: day <= d,
        }  # fmt: skip
        return all(checks[op](d) for op, d in wanted.items())

    def _date(self, name: str, op: str) -> date | None:
        value = self.filters.get(f"{name}.{op}")
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _bad(f"filter[{name}][{op}]", f"{value!r} is not a date (YYYY-MM-DD)") from None

    def page(self, items: Sequence[Any]) -> dict[str, Any]:
        start = (self.number - 1) * self.size
        return {
            "data": list(items[start : start + self.size]),
            "meta": {
                "page_number": self.number,
                "page_size": self.size,
                "total_pages": math.ceil(len(items) / self.size),
                "total_results": len(items),
            },
        }


def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise _bad(name, f"must be a whole number from {low} to {high}")
    return int(value)


def flag_param(request: Request, name: str) -> bool:
    value = request.query_params.get(name, "false").lower()
    if value not in ("true", "false"):
        raise _bad(name, "must be true or false")
    return value == "true"
