"""Renders a plan to an mp4 (H.264 + AAC) or webm (VP8 + Opus) file.

Frames come at the plan's fixed rate. For output time T, each track shows its latest frame
at or before its local time (session time minus the track's start), held after its end.
Audio is mixed in blocks of one video frame, so that picture and sound share one clock."""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from roomcast.adapters.media.readers import SAMPLE_RATE, AudioReader, VideoReader, plane_view
from roomcast.core.errors import InvalidInput, MediaError
from roomcast.core.layout.model import Rect
from roomcast.core.timeline.model import Plan, Segment

BLACK = (16, 128, 128)  # Y, U, V of video-range black

Progress = Callable[[float, float], None]


class OutputFormat(StrEnum):
    MP4 = "mp4"
    WEBM = "webm"

    @classmethod
    def parse(cls, text: str) -> OutputFormat:
        try:
            return cls(text.lower())
        except ValueError:
            raise InvalidInput("format", f"{text!r} is not mp4 or webm") from None


@dataclass(frozen=True)
class RenderConfig:
    format: OutputFormat = OutputFormat.MP4
    crf: int = 23
    x264_preset: str = "veryfast"
    vp8_bitrate: int = 2_000_000
    audio_bitrate: int = 128_000


@dataclass(frozen=True)
class RenderResult:
    path: Path
    duration: float
    size: int
    bitrate: int
    wall_seconds: float


@dataclass
class _Window:
    first_frame: int
    end_frame: int
    fps: int

    @property
    def start(self) -> float:
        return self.first_frame / self.fps

    @property
    def seconds(self) -> float:
        return (self.end_frame - self.first_frame) / self.fps


class Limiter:
    """Keeps a mix of many tracks under full scale, without clipping and without clicks:
    the gain drops at once when the mix is too loud, and recovers slowly."""

    CEILING = 0.89  # about -1 dBFS, headroom for the lossy encoder's overshoot
    RELEASE = 0.02  # gain regained per block

    def __init__(self) -> None:
        self.gain = 1.0

    def apply(self, mix: npt.NDArray[np.float32]) -> None:
        peak = float(np.abs(mix).max(initial=0.0))
        target = min(1.0, self.CEILING / peak) if peak > 0 else 1.0
        new = min(target, self.gain + self.RELEASE)
        ramp = np.minimum(np.linspace(self.gain, new, mix.shape[1], dtype=np.float32), target)
        mix *= ramp
        self.gain = new


@dataclass
class _Readers:
    video: dict[str, VideoReader] = field(default_factory=dict)
    audio: dict[str, AudioReader] = field(default_factory=dict)
    limiter: Limiter = field(default_factory=Limiter)


def render(
    plan: Plan,
    sources: Mapping[str, Path],
    out: Path,
    config: RenderConfig = RenderConfig(),
    window: tuple[float, float] | None = None,
    progress: Progress | None = None,
) -> RenderResult:
    """Render [t0, t1) of the plan (all of it by default) to `out`, written under a
    temporary name and renamed only when complete."""
    started = time.perf_counter()
    span = _window(plan, window)
    missing = (plan.video_tracks | plan.audio_tracks) - set(sources)
    if missing:
        raise InvalidInput("tracks", f"no media given for {sorted(missing)}")
    part = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        with _open_readers(plan, sources, span) as readers:
            _encode(plan, readers, part, config, span, progress)
        part.replace(out)
    except av.FFmpegError as exc:
        raise MediaError(str(out), f"cannot be written ({exc.strerror})") from exc
    finally:
        part.unlink(missing_ok=True)
    size = out.stat().st_size
    return RenderResult(
        path=out,
        duration=span.seconds,
        size=size,
        bitrate=int(size * 8 / span.seconds) if span.seconds else 0,
        wall_seconds=time.perf_counter() - started,
    )


def _window(plan: Plan, window: tuple[float, float] | None) -> _Window:
    t0, t1 = window or (0.0, plan.duration)
    t1 = min(t1, plan.duration)
    if not 0 <= t0 < t1:
        raise InvalidInput("window", f"[{t0}, {t1}) is not inside [0, {plan.duration})")
    return _Window(math.ceil(t0 * plan.fps - 1e-9), math.ceil(t1 * plan.fps - 1e-9), plan.fps)


@contextmanager
def _open_readers(plan: Plan, sources: Mapping[str, Path], span: _Window) -> Iterator[_Readers]:
    readers = _Readers()
    with ExitStack() as stack:
        first = plan.segment_at(span.start)
        for key in sorted(plan.video_tracks):
            local = (first.session_time(span.start) if first else 0) - plan.tracks[key].start
            reader = VideoReader(sources[key], start_at=max(0.0, local))
            stack.callback(reader.close)
            readers.video[key] = reader
        for key in sorted(plan.audio_tracks):
            audio = AudioReader(sources[key])
            stack.callback(audio.close)
            readers.audio[key] = audio
        yield readers


def _encode(
    plan: Plan,
    readers: _Readers,
    path: Path,
    config: RenderConfig,
    span: _Window,
    progress: Progress | None,
) -> None:
    with av.open(str(path), "w", format=config.format.value) as container:
        video = _video_stream(container, plan, config) if readers.video else None
        audio = _audio_stream(container, config) if readers.audio else None
        segments = iter(plan.segments)
        segment = next(segments)
        samples = 0
        for index in range(span.first_frame, span.end_frame):
            at = index / plan.fps
            while at >= segment.end:
                segment = next(segments)
            if video is not None:
                frame = _compose(plan, segment, readers, at)
                frame.pts = index - span.first_frame
                container.mux(video.encode(frame))
            if audio is not None:
                samples = _mix_block(plan, segment, readers, at, index, samples, audio, container)
            if progress and (index - span.first_frame) % plan.fps == 0:
                progress((index - span.first_frame) / plan.fps, span.seconds)
        for stream in (video, audio):
            if stream is not None:
                container.mux(stream.encode(None))
    if progress:
        progress(span.seconds, span.seconds)


def _video_stream(
    container: av.container.OutputContainer, plan: Plan, config: RenderConfig
) -> av.video.stream.VideoStream:
    if config.format is OutputFormat.MP4:
        stream = container.add_stream(
            "libx264", rate=plan.fps, options={"preset": config.x264_preset, "crf": str(config.crf)}
        )
    else:
        stream = container.add_stream(
            "libvpx",
            rate=plan.fps,
            options={"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"},
        )
        stream.bit_rate = config.vp8_bitrate
    stream.width, stream.height = plan.canvas.width, plan.canvas.height
    stream.pix_fmt = "yuv420p"
    stream.codec_context.thread_count = 0
    return stream


def _audio_stream(
    container: av.container.OutputContainer, config: RenderConfig
) -> av.audio.stream.AudioStream:
    codec = "aac" if config.format is OutputFormat.MP4 else "libopus"
    stream = container.add_stream(codec, rate=SAMPLE_RATE, layout="stereo")
    assert isinstance(stream, av.audio.stream.AudioStream)
    stream.bit_rate = config.audio_bitrate
    return stream


def _compose(plan: Plan, segment: Segment, readers: _Readers, at: float) -> av.VideoFrame:
    frame = av.VideoFrame(plan.canvas.width, plan.canvas.height, "yuv420p")
    planes = [plane_view(frame, i) for i in range(3)]
    session = segment.session_time(at)
    for placement in segment.placements:
        decoded = None
        if placement.track is not None:
            reader = readers.video[placement.track]
            decoded = reader.frame_at(session - plan.tracks[placement.track].start)
        if decoded is None:
            _fill(planes, placement.rect)
        else:
            rect = placement.rect
            _paste(planes, rect, reader.scaled(decoded, rect.width, rect.height))
    return frame


def _fill(planes: list[npt.NDArray[np.uint8]], rect: Rect) -> None:
    for i, value in enumerate(BLACK):
        _region(planes[i], rect, chroma=i > 0)[...] = value


def _paste(
    planes: list[npt.NDArray[np.uint8]], rect: Rect, scaled: tuple[npt.NDArray[np.uint8], ...]
) -> None:
    for i in range(3):
        _region(planes[i], rect, chroma=i > 0)[...] = scaled[i]


def _region(plane: npt.NDArray[np.uint8], rect: Rect, chroma: bool) -> npt.NDArray[np.uint8]:
    if chroma:
        return plane[rect.y // 2 : rect.bottom // 2, rect.x // 2 : rect.right // 2]
    return plane[rect.y : rect.bottom, rect.x : rect.right]


def _mix_block(
    plan: Plan,
    segment: Segment,
    readers: _Readers,
    at: float,
    index: int,
    written: int,
    stream: av.audio.stream.AudioStream,
    container: av.container.OutputContainer,
) -> int:
    """Mix the samples of one video frame's duration, and encode them."""
    count = (index + 1) * SAMPLE_RATE // plan.fps - index * SAMPLE_RATE // plan.fps
    mix = np.zeros((2, count), dtype=np.float32)
    session = segment.session_time(at)
    for key in segment.audio:
        local = session - plan.tracks[key].start
        mix += readers.audio[key].read(round(local * SAMPLE_RATE), count)
    readers.limiter.apply(mix)
    frame = av.AudioFrame.from_ndarray(mix, format="fltp", layout="stereo")
    frame.sample_rate = SAMPLE_RATE
    frame.pts = written
    container.mux(stream.encode(frame))
    return written + count
