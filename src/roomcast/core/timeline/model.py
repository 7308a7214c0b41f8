"""The planner's inputs and its output, the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from roomcast.core.errors import InvalidInput
from roomcast.core.layout.model import Canvas, Rect

DEFAULT_FPS = 25


class MediaKind(StrEnum):
    AUDIO = "audio"
    VIDEO = "video"


@dataclass(frozen=True)
class SourceTrack:
    """A recorded track placed in session time: it covers [start, end) seconds."""

    key: str
    name: str
    kind: MediaKind
    start: float
    end: float
    width: int = 0
    height: int = 0
    # Other names a layout pattern may match, e.g. a participant id or a track id.
    aliases: tuple[str, ...] = ()
    participant: str = ""

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidInput(f"tracks.{self.name}", "a track must last longer than zero")
        if self.kind is MediaKind.VIDEO and (self.width <= 0 or self.height <= 0):
            raise InvalidInput(f"tracks.{self.name}", "a video track needs its size")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class SpeakerTurn:
    participant: str
    start: float
    end: float


@dataclass(frozen=True)
class Placement:
    """Paint `rect`: with the track's current frame, or with background when track is None."""

    rect: Rect
    track: str | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of output time over which nothing on screen or in the mix changes."""

    start: float  # output seconds
    end: float
    session_start: float  # session seconds at `start`
    placements: tuple[Placement, ...] = ()
    audio: tuple[str, ...] = ()

    @property
    def duration(self) -> float:
        return self.end - self.start

    def session_time(self, output_time: float) -> float:
        return self.session_start + (output_time - self.start)


@dataclass(frozen=True)
class Plan:
    canvas: Canvas
    segments: tuple[Segment, ...]
    tracks: dict[str, SourceTrack] = field(default_factory=dict)
    fps: int = DEFAULT_FPS

    @property
    def duration(self) -> float:
        return self.segments[-1].end if self.segments else 0.0

    def segment_at(self, output_time: float) -> Segment | None:
        for segment in self.segments:
            if segment.start <= output_time < segment.end:
                return segment
        return None

    @property
    def video_tracks(self) -> set[str]:
        return {p.track for s in self.segments for p in s.placements if p.track is not None}

    @property
    def audio_tracks(self) -> set[str]:
        return {key for s in self.segments for key in s.audio}
