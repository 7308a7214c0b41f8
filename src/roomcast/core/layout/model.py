"""The canonical layout model and its validation."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from roomcast.core.errors import InvalidInput

MIN_SIDE = 16
MAX_SIDE = 3840
Z_RANGE = (-99, 99)
GRID_LIMIT = (1, 1000)
DEFAULT_BORDER = 2


class Reuse(StrEnum):
    NONE = "none"
    SHOW_OLDEST = "show_oldest"
    SHOW_NEWEST = "show_newest"


@dataclass(frozen=True, order=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def within(self, width: int, height: int) -> bool:
        return self.x >= 0 and self.y >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class Canvas:
    width: int
    height: int

    def __post_init__(self) -> None:
        for side, value in (("width", self.width), ("height", self.height)):
            if not MIN_SIDE <= value <= MAX_SIDE:
                raise InvalidInput(
                    "resolution", f"{side} must be {MIN_SIDE}..{MAX_SIDE}, not {value}"
                )

    @classmethod
    def parse(cls, text: str) -> Canvas:
        match = re.fullmatch(r"(\d{1,5})x(\d{1,5})", text.strip())
        if match is None:
            raise InvalidInput("resolution", f"{text!r} is not WIDTHxHEIGHT")
        return cls(int(match[1]), int(match[2]))

    @property
    def even(self) -> Canvas:
        """Encoders want even sides: odd ones are rounded down."""
        return Canvas(self.width - self.width % 2, self.height - self.height % 2)

    def __str__(self) -> str:
        return f"{self.width}x{self.height}"


@dataclass(frozen=True)
class Region:
    name: str
    x_pos: int = 0
    y_pos: int = 0
    z_pos: int = 0
    width: int | None = None
    height: int | None = None
    max_columns: int | None = None
    max_rows: int | None = None
    cells_excluded: tuple[int, ...] = ()
    reuse: Reuse = Reuse.SHOW_OLDEST
    video_sources: tuple[str, ...] = ()
    video_sources_excluded: tuple[str, ...] = ()
    # Shows only the current dominant speaker's video (speaker layouts).
    active_speaker: bool = False

    def __post_init__(self) -> None:
        where = f"video_layout.{self.name}"
        _check_range(f"{where}.z_pos", self.z_pos, *Z_RANGE)
        _check_range(f"{where}.x_pos", self.x_pos, 0, MAX_SIDE)
        _check_range(f"{where}.y_pos", self.y_pos, 0, MAX_SIDE)
        for key in ("width", "height"):
            value = getattr(self, key)
            if value is not None:
                _check_range(f"{where}.{key}", value, MIN_SIDE, MAX_SIDE)
        for key in ("max_columns", "max_rows"):
            value = getattr(self, key)
            if value is not None:
                _check_range(f"{where}.{key}", value, *GRID_LIMIT)
        if any(cell < 0 for cell in self.cells_excluded):
            raise InvalidInput(f"{where}.cells_excluded", "cell indices start at 0")

    def rect(self, canvas: Canvas) -> Rect:
        """The region's rectangle; an omitted size runs to the canvas edge."""
        where = f"video_layout.{self.name}"
        width = canvas.width - self.x_pos if self.width is None else self.width
        height = canvas.height - self.y_pos if self.height is None else self.height
        if self.x_pos + width > canvas.width or width < MIN_SIDE:
            raise InvalidInput(f"{where}.width", f"x_pos + width exceeds the {canvas} canvas")
        if self.y_pos + height > canvas.height or height < MIN_SIDE:
            raise InvalidInput(f"{where}.height", f"y_pos + height exceeds the {canvas} canvas")
        return Rect(_even(self.x_pos), _even(self.y_pos), _even(width), _even(height))


@dataclass(frozen=True)
class Layout:
    regions: tuple[Region, ...] = ()
    audio_sources: tuple[str, ...] = ()
    audio_sources_excluded: tuple[str, ...] = ()
    border: int = DEFAULT_BORDER

    def __post_init__(self) -> None:
        names = [r.name for r in self.regions]
        if len(set(names)) != len(names):
            raise InvalidInput("video_layout", "region names must be unique")
        if self.border < 0 or self.border % 2:
            raise InvalidInput("border", "must be an even number of pixels")
        if not self.regions and not self.audio_sources:
            raise InvalidInput("video_layout", "give a video_layout or audio_sources")

    def validate_on(self, canvas: Canvas) -> None:
        for region in self.regions:
            region.rect(canvas)

    def drawing_order(self) -> list[Region]:
        """Ascending z; equal z ties resolve by name, the later name on top."""
        return sorted(self.regions, key=lambda r: (r.z_pos, r.name))


def matches(pattern: str, name: str) -> bool:
    """`*` stands for any run of characters, including none; everything else is literal."""
    return _compiled(pattern).fullmatch(name) is not None


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)


def select(names: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    return [
        n
        for n in names
        if any(matches(p, n) for p in include) and not any(matches(p, n) for p in exclude)
    ]


def region_from_mapping(name: str, data: Mapping[str, Any]) -> Region:
    """A region from its JSON form (Twilio's and Telnyx's field names are the same)."""
    where = f"video_layout.{name}"
    if not isinstance(data, Mapping):
        raise InvalidInput(where, "a region must be an object")
    unknown = set(data) - _REGION_KEYS
    if unknown:
        raise InvalidInput(f"{where}.{sorted(unknown)[0]}", "unknown region property")
    values: dict[str, Any] = {"name": name}
    for key in ("x_pos", "y_pos", "z_pos", "width", "height", "max_columns", "max_rows"):
        if data.get(key) is not None:
            values[key] = _integer(f"{where}.{key}", data[key])
    for key in ("cells_excluded",):
        values[key] = tuple(_integer(f"{where}.{key}", v) for v in _list(where, key, data))
    for key in ("video_sources", "video_sources_excluded"):
        values[key] = tuple(_string(f"{where}.{key}", v) for v in _list(where, key, data))
    if data.get("reuse") is not None:
        try:
            values["reuse"] = Reuse(data["reuse"])
        except ValueError:
            raise InvalidInput(f"{where}.reuse", "use none, show_oldest or show_newest") from None
    if "active_speaker" in data:
        values["active_speaker"] = data["active_speaker"] is True
    return Region(**values)


def layout_from_mapping(
    video_layout: Mapping[str, Any],
    audio_sources: Sequence[str] = (),
    audio_sources_excluded: Sequence[str] = (),
) -> Layout:
    if not isinstance(video_layout, Mapping):
        raise InvalidInput("video_layout", "must be an object of regions keyed by name")
    regions = tuple(region_from_mapping(str(n), d) for n, d in video_layout.items())
    return Layout(regions, tuple(audio_sources), tuple(audio_sources_excluded))


_REGION_KEYS = {
    "x_pos",
    "y_pos",
    "z_pos",
    "width",
    "height",
    "max_columns",
    "max_rows",
    "cells_excluded",
    "reuse",
    "video_sources",
    "video_sources_excluded",
    "active_speaker",
}


def _list(where: str, key: str, data: Mapping[str, Any]) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise InvalidInput(f"{where}.{key}", "must be a list")
    return value


def _integer(field_name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(field_name, f"must be an integer, not {value!r}")
    return value


def _string(field_name: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidInput(field_name, f"must be a non-empty string, not {value!r}")
    return value


def _check_range(field_name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise InvalidInput(field_name, f"must be {low}..{high}, not {value}")


def _even(value: int) -> int:
    return value - value % 2


def region_to_mapping(region: Region) -> dict[str, Any]:
    """A region's JSON form with every property filled, as Twilio echoes it."""
    return {
        "x_pos": region.x_pos,
        "y_pos": region.y_pos,
        "z_pos": region.z_pos,
        "width": region.width,
        "height": region.height,
        "max_columns": region.max_columns,
        "max_rows": region.max_rows,
        "cells_excluded": list(region.cells_excluded),
        "reuse": region.reuse.value,
        "video_sources": list(region.video_sources),
        "video_sources_excluded": list(region.video_sources_excluded),
    } | ({"active_speaker": True} if region.active_speaker else {})


def layout_to_mapping(layout: Layout) -> dict[str, dict[str, Any]]:
    return {region.name: region_to_mapping(region) for region in layout.regions}
