"""Media facts the domain reasons about: what a file holds, and what a render should make."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from roomcast.core.errors import InvalidInput
from roomcast.core.timeline.model import MediaKind


class OutputFormat(StrEnum):
    MP4 = "mp4"  # H.264 + AAC
    WEBM = "webm"  # VP8 + Opus

    @classmethod
    def parse(cls, text: str) -> OutputFormat:
        try:
            return cls(text.lower())
        except ValueError:
            raise InvalidInput("format", f"{text!r} is not mp4 or webm") from None


@dataclass(frozen=True)
class MediaInfo:
    path: str
    duration: float
    width: int = 0
    height: int = 0
    video_codec: str | None = None
    audio_codec: str | None = None
    container: str = ""

    @property
    def has_video(self) -> bool:
        return self.video_codec is not None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def kinds(self) -> list[MediaKind]:
        """The kinds of track the file holds, video first."""
        present = {MediaKind.VIDEO: self.has_video, MediaKind.AUDIO: self.has_audio}
        return [kind for kind, has in present.items() if has]


@dataclass(frozen=True)
class RenderOptions:
    format: OutputFormat = OutputFormat.MP4
    # [t0, t1) of output time; None renders all of it.
    window: tuple[float, float] | None = None


@dataclass(frozen=True)
class RenderResult:
    path: str
    duration: float
    size: int
    bitrate: int
    wall_seconds: float
