"""Track readers. Video decodes in a thread of its own, ahead of the compositor; audio is
decoded and resampled to 48 kHz stereo on demand."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from roomcast.core.errors import MediaError

SAMPLE_RATE = 48_000
# Each decode thread scales its own frames; OpenCV's own worker pool on top of that only
# adds contention (measured: scaling cost 1.7x more CPU with it on a 2-core machine).
cv2.setNumThreads(1)
Planes = tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]
Stereo = tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]
_END = object()


@dataclass
class DecodedFrame:
    time: float
    frame: av.VideoFrame

    def planes(self) -> Planes:
        """Numpy views of the Y, U and V planes, without a copy."""
        f = self.frame
        return (plane_view(f, 0), plane_view(f, 1), plane_view(f, 2))


def lower_priority(steps: int) -> None:
    """Make the calling thread yield the CPU to the others (the encoder's, mostly).

    x264 alone keeps only about 1.5 of 2 cores busy; the work that is not on its critical
    path (decoding ahead, the sound) should fill the rest rather than take turns with it."""
    thread = threading.get_native_id()
    # Where threads have no priorities of their own, this just runs a little slower.
    with contextlib.suppress(OSError):
        niceness = os.getpriority(os.PRIO_PROCESS, thread) + steps
        os.setpriority(os.PRIO_PROCESS, thread, min(19, niceness))


def plane_view(frame: av.VideoFrame, index: int) -> npt.NDArray[np.uint8]:
    """A writable numpy view of one plane, rows cut to the plane's width (no copy)."""
    plane = frame.planes[index]
    flat = np.frombuffer(memoryview(plane), dtype=np.uint8)
    view: npt.NDArray[np.uint8] = flat.reshape(plane.height, plane.line_size)[:, : plane.width]
    return view


@dataclass(frozen=True)
class Use:
    """One appearance of a track in the output: at its local time, at a cell's size."""

    time: float
    width: int
    height: int


class VideoReader:
    """One video track, decoded ahead of the compositor by a DecodePool worker.

    It knows the track's schedule (every use, in output order), so it scales only the frames
    that will be shown, to the size they are shown at, off the main thread. A use before
    the first frame gets None; after the last frame, the last one is held."""

    def __init__(
        self,
        path: Path,
        schedule: list[Use],
        *,
        ahead: int = 16,
        skip_deblock: bool = False,
        codec_threads: bool = True,
    ) -> None:
        self.path = path
        self._schedule = schedule
        self._skip_deblock = skip_deblock
        self._codec_threads = codec_threads
        self._queue: queue.Queue[object] = queue.Queue(maxsize=ahead)
        self._low_water = ahead // 2
        self._items: Iterator[Planes | None] | None = None
        self._error: BaseException | None = None
        self.done = False
        self.room = threading.Event()  # set by the consumer when the queue runs low

    # Worker side

    def hungry(self) -> bool:
        return not self.done and self._queue.qsize() <= self._low_water

    def fill(self) -> None:
        """Decode until the queue is full. Many frames of one track in a row, rather than
        one of each in turn, keep one decoder's state in the cache (measured: a quarter
        less CPU with 16 tracks)."""
        while self.pump():
            pass

    def pump(self) -> bool:
        """Queue one more item if there is room. False when nothing could be done."""
        if self.done or self._queue.full():
            return False
        try:
            if self._items is None:
                self._items = self._uses()
            item: object = next(self._items)
        except StopIteration:
            item, self.done = _END, True
        except BaseException as exc:  # handed to the consumer, which raises it
            self._error, item, self.done = exc, _END, True
        self._queue.put(item)
        return True

    def _uses(self) -> Iterator[Planes | None]:
        uses, index = self._schedule, 0
        shown: DecodedFrame | None = None
        last: tuple[int, int, Planes | None] | None = None
        for decoded in self._frames():
            # Every use that falls before this frame shows the previous one.
            while index < len(uses) and uses[index].time < decoded.time - 1e-6:
                last = _scaled_for(shown, uses[index], last)
                yield last[2]
                index += 1
            shown, last = decoded, None
        while index < len(uses):
            last = _scaled_for(shown, uses[index], last)
            yield last[2]
            index += 1

    def _frames(self) -> Iterator[DecodedFrame]:
        start_at = self._schedule[0].time if self._schedule else 0.0
        with av.open(str(self.path)) as container:
            stream = container.streams.video[0]
            if self._skip_deblock:
                # The loop filter smooths block edges that shrinking hides anyway; skipping
                # it halves VP8 decoding.
                stream.codec_context.options = {"skip_loop_filter": "all"}
            if self._codec_threads:
                stream.thread_type = "AUTO"
            if start_at > 1.0 and stream.time_base:
                container.seek(int((start_at - 1.0) / stream.time_base), stream=stream)
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                yuv = frame if frame.format.name == "yuv420p" else frame.reformat(format="yuv420p")
                yield DecodedFrame(float(frame.time), yuv)

    # Consumer side

    def next_use(self) -> Planes | None:
        """The planes for the next use in the schedule (None: nothing to show yet)."""
        item = self._queue.get()
        if self._queue.qsize() <= self._low_water:
            self.room.set()
        if item is _END:
            message = f"cannot be decoded ({self._error})" if self._error else "ended early"
            raise MediaError(str(self.path), message)
        return item  # type: ignore[return-value]


def _scaled_for(
    shown: DecodedFrame | None, use: Use, last: tuple[int, int, Planes | None] | None
) -> tuple[int, int, Planes | None]:
    """The planes for one use; the last result is reused while frame and size stay."""
    if last is not None and (last[0], last[1]) == (use.width, use.height):
        return last
    return (use.width, use.height, None if shown is None else _scale(shown, use.width, use.height))


class DecodePool:
    """A few threads that decode many tracks, each refilling its share's queues as they
    run low. One thread per track would have a dozen threads fighting over the GIL and
    two cores."""

    def __init__(self, readers: list[VideoReader], threads: int, priority_drop: int = 0) -> None:
        self._quit = threading.Event()
        self._priority_drop = priority_drop
        shares = [readers[i::threads] for i in range(threads)]
        for share in shares:
            room = threading.Event()  # one per worker: any of its readers' consumers wakes it
            for reader in share:
                reader.room = room
        self._threads = [
            threading.Thread(target=self._work, args=(share,), name=f"decode-{i}", daemon=True)
            for i, share in enumerate(shares)
            if share
        ]
        for thread in self._threads:
            thread.start()

    def _work(self, share: list[VideoReader]) -> None:
        lower_priority(self._priority_drop)
        while not self._quit.is_set() and not all(r.done for r in share):
            room = share[0].room
            room.clear()
            hungry = [r for r in share if r.hungry()]
            if not hungry:
                # Every queue is well stocked: sleep until the compositor runs one low.
                room.wait(0.05)
            for reader in hungry:
                reader.fill()

    def close(self) -> None:
        self._quit.set()
        for thread in self._threads:
            thread.join()


def _scale(decoded: DecodedFrame, width: int, height: int) -> Planes:
    y, u, v = decoded.planes()
    if y.shape == (height, width):
        return (y, u, v)
    return (_resize(y, width, height), _resize(u, width // 2, height // 2),
            _resize(v, width // 2, height // 2))  # fmt: skip


def _resize(plane: npt.NDArray[np.uint8], width: int, height: int) -> npt.NDArray[np.uint8]:
    # OpenCV's bilinear resize costs a seventh of libswscale's here (shared/PERF-NOTES.md).
    resized = cv2.resize(plane, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.asarray(resized, dtype=np.uint8)


class AudioReader:
    """Decodes one file's audio to 48 kHz stereo float32, and reads it by sample position.

    Decoded frames wait in a queue of chunks, views of the frames' own planes, and are
    copied once, into the block that reads them: growing one array per frame would copy
    the whole buffer every time, and to_ndarray() would copy each frame once more."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._container = av.open(str(path))
            self._stream = self._container.streams.audio[0]
        except (av.FFmpegError, IndexError) as exc:
            raise MediaError(str(path), "has no readable audio") from exc
        self._frames = self._container.decode(self._stream)
        self._resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
        # (index of the first sample, the left and right samples), in order
        self._chunks: deque[tuple[int, Stereo]] = deque()
        self._decoded_to = 0
        self._ended = False

    def add_into(self, mix: npt.NDArray[np.float32], start: int) -> None:
        """Add samples [start, start + the mix's length) to the mix; none where the file
        has none."""
        end = start + mix.shape[1]
        while not self._ended and self._decoded_to < end:
            self._decode_more()
        for first, channels in self._chunks:
            lo, hi = max(start, first), min(end, first + len(channels[0]))
            if lo >= end:
                break
            if hi > lo:
                for out, samples in zip(mix, channels, strict=True):
                    out[lo - start : hi - start] += samples[lo - first : hi - first]
        # Reads move forward: what ends before this block's end is never read again.
        while self._chunks and self._chunks[0][0] + len(self._chunks[0][1][0]) <= end:
            self._chunks.popleft()

    def _decode_more(self) -> None:
        try:
            frame = next(self._frames)
        except StopIteration:
            self._ended = True
            return
        except av.FFmpegError as exc:
            raise MediaError(str(self.path), f"cannot be decoded ({exc.strerror})") from exc
        if (frame.format.name, frame.sample_rate, frame.layout.name) == (
            "fltp",
            SAMPLE_RATE,
            "stereo",
        ):
            converted = [frame]  # Opus decodes straight to what the mixer wants
        else:
            converted = self._resampler.resample(frame)
        for resampled in converted:
            count = resampled.samples
            left, right = (
                np.frombuffer(memoryview(plane), dtype=np.float32, count=count)
                for plane in resampled.planes
            )
            self._chunks.append((self._decoded_to, (left, right)))
            self._decoded_to += count

    def close(self) -> None:
        self._container.close()
