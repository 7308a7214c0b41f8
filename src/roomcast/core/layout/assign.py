"""Which source goes to which cell, and who wins a shared cell (the reuse rules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roomcast.core.layout.model import Reuse


@dataclass(frozen=True)
class Span:
    key: str
    start: float
    end: float


@dataclass(frozen=True)
class Assignment:
    """A source's cell, and its priority there: the highest present priority is drawn."""

    key: str
    cell: int
    priority: float


def required_cells(spans: Sequence[Span], reuse: Reuse, excluded: Sequence[int]) -> int:
    if not spans:
        return 0
    if reuse is Reuse.NONE:
        needed = len(spans)
    else:
        # Closed intervals: sources that merely touch still count as overlapping.
        needed = max(sum(1 for o in spans if o.start <= s.end and s.start <= o.end) for s in spans)
    for index in sorted(set(excluded)):
        if index >= needed:
            break
        needed += 1
    return needed


def assign(
    spans: Sequence[Span], cells: int, reuse: Reuse, excluded: Sequence[int]
) -> list[Assignment]:
    """Sources in start order take the lowest usable cell. A source never moves."""
    blocked = set(excluded)
    last_stop: dict[int, float] = {}
    result: list[Assignment] = []
    for order, span in enumerate(sorted(spans, key=lambda s: (s.start, s.end, s.key))):
        cell = _choose_cell(span, cells, reuse, blocked, last_stop)
        if cell is None:
            if reuse is Reuse.NONE:
                break  # no fresh cell is left for this source, nor for any later one
            continue
        last_stop[cell] = max(last_stop.get(cell, span.end), span.end)
        priority = -order if reuse is Reuse.SHOW_OLDEST else order
        result.append(Assignment(span.key, cell, priority))
    return result


def _choose_cell(
    span: Span, cells: int, reuse: Reuse, blocked: set[int], last_stop: dict[int, float]
) -> int | None:
    usable = [c for c in range(cells) if c not in blocked]
    fresh = [c for c in usable if c not in last_stop]
    if reuse is Reuse.NONE:
        return fresh[0] if fresh else None
    free = [c for c in usable if c not in last_stop or last_stop[c] < span.start]
    if free:
        return free[0]
    if not usable:
        return None
    return min(usable, key=lambda c: (last_stop[c], c))
