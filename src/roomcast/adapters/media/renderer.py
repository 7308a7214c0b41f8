"""Renders a plan to an mp4 (H.264 + AAC) or webm (VP8 + Opus) file.

Frames come at the plan's fixed rate. For output time T, each track shows its latest frame
at or before its local time (session time minus the track's start), held after its end.
Audio is mixed in blocks of one video frame, so that picture and sound share one clock."""

from __future__ import annotations

import math
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from roomcast.adapters.media.readers import (
    SAMPLE_RATE,
    AudioReader,
    DecodePool,
    Use,
    VideoReader,
    lower_priority,
    plane_view,
)
from roomcast.core.errors import InvalidInput, MediaError
from roomcast.core.layout.model import Rect
from roomcast.core.media import OutputFormat, RenderOptions, RenderResult
from roomcast.core.ports import Progress
from roomcast.core.timeline.model import Plan, Segment

BLACK = (16, 128, 128)  # Y, U, V of video-range black
# Sound is mixed a second at a time (at most): per video frame, the Python around the
# mixing cost as much as the mixing itself with 16 tracks.
SOUND_BLOCK_FRAMES = 25
# The threads off x264's critical path give way to it: they fill the cores it leaves idle.
DECODE_PRIORITY_DROP = 5
SOUND_PRIORITY_DROP = 10


@dataclass(frozen=True)
class EncoderConfig:
    crf: int = 23
    x264_preset: str = "veryfast"
    vp8_bitrate: int = 2_000_000
    audio_bitrate: int = 128_000
    # A track whose every use shrinks it to this fraction or less is decoded without the
    # deblocking filter.
    skip_deblock_below: float = 0.6


class PyAvRenderer:
    def __init__(self, config: EncoderConfig | None = None) -> None:
        self.config = config or EncoderConfig()

    def render(
        self,
        plan: Plan,
        sources: Mapping[str, str],
        out: str,
        options: RenderOptions,
        progress: Progress | None = None,
    ) -> RenderResult:
        """Render the plan's window to `out`, under a temporary name renamed when complete."""
        started = time.perf_counter()
        span = _Window.of(plan, options.window)
        missing = (plan.video_tracks | plan.audio_tracks) - set(sources)
        if missing:
            raise InvalidInput("tracks", f"no media given for {sorted(missing)}")
        target = Path(out)
        part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
        try:
            with _open_readers(plan, sources, span, self.config) as readers:
                _Encoder(plan, readers, self.config, options.format).run(part, span, progress)
            part.replace(target)
        except av.FFmpegError as exc:
            raise MediaError(out, f"cannot be written ({exc.strerror})") from exc
        finally:
            part.unlink(missing_ok=True)
        size = target.stat().st_size
        return RenderResult(
            path=out,
            duration=span.seconds,
            size=size,
            bitrate=int(size * 8 / span.seconds),
            wall_seconds=time.perf_counter() - started,
        )


@dataclass(frozen=True)
class _Window:
    first_frame: int
    end_frame: int
    fps: int

    @classmethod
    def of(cls, plan: Plan, window: tuple[float, float] | None) -> _Window:
        t0, t1 = window or (0.0, plan.duration)
        t1 = min(t1, plan.duration)
        if not 0 <= t0 < t1:
            raise InvalidInput("window", f"[{t0}, {t1}) is not inside [0, {plan.duration})")
        first, end = (math.ceil(t * plan.fps - 1e-9) for t in (t0, t1))
        return cls(first, end, plan.fps)

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
    RELEASE = 0.02  # gain regained per step

    def __init__(self, step: int) -> None:
        self.step = step  # samples per step: one video frame's worth
        self.gain = 1.0

    def apply(self, mix: npt.NDArray[np.float32]) -> None:
        if self.gain == 1.0 and float(np.abs(mix).max(initial=0.0)) <= self.CEILING:
            return  # the usual case: nothing to do
        for start in range(0, mix.shape[1], self.step):
            self._apply_step(mix[:, start : start + self.step])

    def _apply_step(self, mix: npt.NDArray[np.float32]) -> None:
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


def _frames(plan: Plan, span: _Window) -> Iterator[tuple[int, float, Segment]]:
    """Each output frame of the window: its index, its time, and its segment."""
    segments = iter(plan.segments)
    segment = next(segments)
    for index in range(span.first_frame, span.end_frame):
        at = index / plan.fps
        while at >= segment.end:
            segment = next(segments)
        yield index, at, segment


def _runs(plan: Plan, span: _Window, longest: int) -> Iterator[tuple[int, int, Segment]]:
    """Runs of consecutive output frames in one segment, at most `longest` frames each:
    (index of the first frame, frame count, segment)."""
    first, count, current = span.first_frame, 0, plan.segments[0]
    for index, _, segment in _frames(plan, span):
        if count and (segment is not current or count == longest):
            yield first, count, current
            first, count = index, 0
        current, count = segment, count + 1
    if count:
        yield first, count, current


def _schedules(plan: Plan, span: _Window) -> dict[str, list[Use]]:
    """Every use of every video track, in the order the compositor will ask for them."""
    uses: dict[str, list[Use]] = {key: [] for key in plan.video_tracks}
    for _, at, segment in _frames(plan, span):
        session = segment.session_time(at)
        for placement in segment.placements:
            if placement.track is not None:
                local = session - plan.tracks[placement.track].start
                uses[placement.track].append(
                    Use(local, placement.rect.width, placement.rect.height)
                )
    return uses


@contextmanager
def _open_readers(
    plan: Plan, sources: Mapping[str, str], span: _Window, config: EncoderConfig
) -> Iterator[_Readers]:
    readers = _Readers()
    schedules = _schedules(plan, span)
    cores = os.cpu_count() or 2
    for key, uses in sorted(schedules.items()):
        track = plan.tracks[key]
        shrink = max(
            (max(u.width / track.width, u.height / track.height) for u in uses), default=1.0
        )
        readers.video[key] = VideoReader(
            Path(sources[key]),
            uses,
            skip_deblock=shrink <= config.skip_deblock_below,
            # With more tracks than cores, tracks are the parallelism; codec threads on top
            # would only contend.
            codec_threads=len(schedules) < cores,
        )
    with ExitStack() as stack:
        # One decode worker per two cores: x264 wants the rest, and fewer threads contend less.
        workers = min(max(1, cores // 2), len(schedules))
        pool = DecodePool(
            list(readers.video.values()), threads=workers, priority_drop=DECODE_PRIORITY_DROP
        )
        stack.callback(pool.close)
        for key in sorted(plan.audio_tracks):
            readers.audio[key] = AudioReader(Path(sources[key]))
            stack.callback(readers.audio[key].close)
        yield readers


class _Worker(threading.Thread):
    """A named thread whose exception is kept, to be raised where it is joined."""

    def __init__(self, name: str, target: Callable[[], None]) -> None:
        super().__init__(name=name, daemon=True)
        self._target_fn = target
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self._target_fn()
        except BaseException as exc:
            self.error = exc

    def finish(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error


class _Encoder:
    """Three threads share the work: this one composes pictures, one encodes them, one
    mixes and encodes the sound. Only muxing is serialised, under a lock."""

    def __init__(
        self, plan: Plan, readers: _Readers, config: EncoderConfig, fmt: OutputFormat
    ) -> None:
        self.plan = plan
        self.readers = readers
        self.config = config
        self.format = fmt
        self.limiter = Limiter(step=SAMPLE_RATE // plan.fps)
        self.mux_lock = threading.Lock()
        self.abandoned = threading.Event()  # the pictures failed: the sound stops too

    def run(self, path: Path, span: _Window, progress: Progress | None) -> None:
        with av.open(str(path), "w", format=self.format.value) as container:
            video = self._video_stream(container) if self.readers.video else None
            audio = self._audio_stream(container) if self.readers.audio else None
            sound = None
            if audio is not None:
                sound = _Worker("mix", lambda: self._sound(container, audio, span))
                sound.start()
            try:
                if video is not None:
                    self._pictures(container, video, span, progress)
            except BaseException:
                # The container must outlive every thread that writes to it: closing it
                # under the mixer crashes the process.
                self.abandoned.set()
                if sound is not None:
                    sound.join()
                raise
            if sound is not None:
                sound.finish()
        if progress:
            progress(span.seconds, span.seconds)

    def _pictures(
        self,
        container: av.container.OutputContainer,
        stream: av.VideoStream,
        span: _Window,
        progress: Progress | None,
    ) -> None:
        pool = _FramePool(self.plan.canvas.width, self.plan.canvas.height, size=8)
        frames: queue.Queue[_PooledFrame | None] = queue.Queue()
        encoder = _Worker("encode", lambda: self._encode(container, stream, frames, pool))
        encoder.start()
        try:
            for index, _, segment in _frames(self.plan, span):
                if encoder.error is not None:
                    break
                pooled = pool.take()
                self._compose(pooled, segment)
                pooled.frame.pts = index - span.first_frame
                frames.put(pooled)
                if progress and pooled.frame.pts % self.plan.fps == 0:
                    progress(pooled.frame.pts / self.plan.fps, span.seconds)
        finally:
            frames.put(None)
            encoder.finish()

    def _encode(
        self,
        container: av.container.OutputContainer,
        stream: av.VideoStream,
        frames: queue.Queue[_PooledFrame | None],
        pool: _FramePool,
    ) -> None:
        while (pooled := frames.get()) is not None:
            packets = stream.encode(pooled.frame)
            # Both encoders copy the picture during encode(), so the frame can be reused.
            pool.give_back(pooled)
            with self.mux_lock:
                container.mux(packets)
        packets = stream.encode(None)
        with self.mux_lock:
            container.mux(packets)

    def _sound(
        self, container: av.container.OutputContainer, stream: av.AudioStream, span: _Window
    ) -> None:
        lower_priority(SOUND_PRIORITY_DROP)
        written = 0
        for first, count, segment in _runs(self.plan, span, SOUND_BLOCK_FRAMES):
            if self.abandoned.is_set():
                return
            frame = self._mix(segment, first, count)
            frame.pts = written
            written += frame.samples
            packets = stream.encode(frame)
            with self.mux_lock:
                container.mux(packets)
        packets = stream.encode(None)
        with self.mux_lock:
            container.mux(packets)

    def _video_stream(self, container: av.container.OutputContainer) -> av.VideoStream:
        fps, config = self.plan.fps, self.config
        if self.format is OutputFormat.MP4:
            options = {"preset": config.x264_preset, "crf": str(config.crf)}
            stream = container.add_stream("libx264", rate=fps, options=options)
        else:
            options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
            stream = container.add_stream("libvpx", rate=fps, options=options)
            stream.bit_rate = config.vp8_bitrate
        stream.width, stream.height = self.plan.canvas.width, self.plan.canvas.height
        stream.pix_fmt = "yuv420p"
        stream.codec_context.thread_count = 0
        return stream

    def _audio_stream(self, container: av.container.OutputContainer) -> av.AudioStream:
        codec = "aac" if self.format is OutputFormat.MP4 else "libopus"
        stream = container.add_stream(codec, rate=SAMPLE_RATE, layout="stereo")
        assert isinstance(stream, av.AudioStream)
        stream.bit_rate = self.config.audio_bitrate
        return stream

    def _compose(self, pooled: _PooledFrame, segment: Segment) -> None:
        """Paint the segment's placements in order. A recycled frame that last showed the
        same segment already has its backgrounds: only the videos change."""
        repaint = pooled.segment is not segment
        pooled.segment = segment
        for placement in segment.placements:
            if placement.track is None:
                if repaint:
                    _fill(pooled.planes, placement.rect)
                continue
            scaled = self.readers.video[placement.track].next_use()
            if scaled is None:
                _fill(pooled.planes, placement.rect)
            else:
                _paste(pooled.planes, placement.rect, scaled)

    def _mix(self, segment: Segment, first: int, count: int) -> av.AudioFrame:
        """The mixed samples of `count` video frames from frame `first`."""
        fps = self.plan.fps
        samples = (first + count) * SAMPLE_RATE // fps - first * SAMPLE_RATE // fps
        mix = np.zeros((2, samples), dtype=np.float32)
        session = segment.session_time(first / fps)
        for key in segment.audio:
            local = session - self.plan.tracks[key].start
            self.readers.audio[key].add_into(mix, round(local * SAMPLE_RATE))
        self.limiter.apply(mix)
        frame = av.AudioFrame.from_ndarray(mix, format="fltp", layout="stereo")
        frame.sample_rate = SAMPLE_RATE
        return frame


@dataclass
class _PooledFrame:
    frame: av.VideoFrame
    planes: list[npt.NDArray[np.uint8]]
    segment: Segment | None = None


class _FramePool:
    """A few output frames, recycled: no per-frame allocation, and backgrounds that stay."""

    def __init__(self, width: int, height: int, size: int) -> None:
        self._free: queue.Queue[_PooledFrame] = queue.Queue()
        for _ in range(size):
            frame = av.VideoFrame(width, height, "yuv420p")
            self._free.put(_PooledFrame(frame, [plane_view(frame, i) for i in range(3)]))

    def take(self) -> _PooledFrame:
        return self._free.get()

    def give_back(self, pooled: _PooledFrame) -> None:
        self._free.put(pooled)


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
