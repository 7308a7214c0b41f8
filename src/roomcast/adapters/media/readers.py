"""Track readers. Video decodes in a thread of its own, ahead of the compositor; audio is
decoded and resampled to 48 kHz stereo on demand."""

from __future__ import annotations

import contextlib
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from roomcast.core.errors import MediaError

SAMPLE_RATE = 48_000
Planes = tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]
_END = object()


@dataclass
class DecodedFrame:
    time: float
    frame: av.VideoFrame

    def planes(self) -> Planes:
        """Numpy views of the Y, U and V planes, without a copy."""
        f = self.frame
        return (plane_view(f, 0), plane_view(f, 1), plane_view(f, 2))


def plane_view(frame: av.VideoFrame, index: int) -> npt.NDArray[np.uint8]:
    """A writable numpy view of one plane, rows cut to the plane's width (no copy)."""
    plane = frame.planes[index]
    flat = np.frombuffer(memoryview(plane), dtype=np.uint8)
    view: npt.NDArray[np.uint8] = flat.reshape(plane.height, plane.line_size)[:, : plane.width]
    return view


class VideoReader:
    """Decodes one video file in a named thread and hands frames over a bounded queue.
    `frame_at(t)` gives the latest frame at or before t and holds it after the end."""

    def __init__(self, path: Path, start_at: float = 0.0, ahead: int = 8) -> None:
        self.path = path
        self._queue: queue.Queue[object] = queue.Queue(maxsize=ahead)
        self._quit = threading.Event()
        self._error: BaseException | None = None
        self._current: DecodedFrame | None = None
        self._next: DecodedFrame | None = None
        self._ended = False
        self._scaled_key: tuple[int, int, int] | None = None
        self._scaled: Planes | None = None
        self._thread = threading.Thread(
            target=self._decode, args=(start_at,), name=f"decode:{path.name}", daemon=True
        )
        self._thread.start()

    def _decode(self, start_at: float) -> None:
        try:
            with av.open(str(self.path)) as container:
                stream = container.streams.video[0]
                stream.thread_type = "AUTO"
                if start_at > 1.0 and stream.time_base:
                    container.seek(int((start_at - 1.0) / stream.time_base), stream=stream)
                for decoded in container.decode(stream):
                    if decoded.time is None:
                        continue
                    frame = decoded
                    if frame.format.name != "yuv420p":
                        frame = frame.reformat(format="yuv420p")
                    if not self._put(DecodedFrame(float(decoded.time), frame)):
                        return
        except BaseException as exc:  # handed to the consumer, which raises it
            self._error = exc
        self._put(_END)

    def _put(self, item: object) -> bool:
        while not self._quit.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _take(self) -> DecodedFrame | None:
        if self._ended:
            return None
        item = self._queue.get()
        if item is _END:
            self._ended = True
            if self._error is not None:
                raise MediaError(str(self.path), f"cannot be decoded ({self._error})")
            return None
        assert isinstance(item, DecodedFrame)
        return item

    def frame_at(self, time: float) -> DecodedFrame | None:
        if self._next is None and not self._ended:
            self._next = self._take()
        # A frame counts from its timestamp; the epsilon absorbs float rounding.
        while self._next is not None and self._next.time <= time + 1e-6:
            self._current, self._next = self._next, self._take()
        return self._current

    def scaled(self, decoded: DecodedFrame, width: int, height: int) -> Planes:
        """The frame at a cell's size. Held frames are scaled once, not once per output frame."""
        key = (id(decoded.frame), width, height)
        if key != self._scaled_key or self._scaled is None:
            y, u, v = decoded.planes()
            self._scaled = (_resize(y, width, height), _resize(u, width // 2, height // 2),
                            _resize(v, width // 2, height // 2))  # fmt: skip
            self._scaled_key = key
        return self._scaled

    def close(self) -> None:
        self._quit.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._thread.join()


def _resize(plane: npt.NDArray[np.uint8], width: int, height: int) -> npt.NDArray[np.uint8]:
    # OpenCV's bilinear resize costs a seventh of libswscale's here (shared/PERF-NOTES.md).
    resized = cv2.resize(plane, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.asarray(resized, dtype=np.uint8)


class AudioReader:
    """Decodes one file's audio to 48 kHz stereo float32, and reads it by sample position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._container = av.open(str(path))
            self._stream = self._container.streams.audio[0]
        except (av.FFmpegError, IndexError) as exc:
            raise MediaError(str(path), "has no readable audio") from exc
        self._frames = self._container.decode(self._stream)
        self._resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
        self._buffer = np.zeros((2, 0), dtype=np.float32)
        self._buffer_start = 0  # sample index of the buffer's first sample
        self._decoded_to = 0
        self._ended = False

    def read(self, start: int, count: int) -> npt.NDArray[np.float32]:
        """Samples [start, start + count), zero where the file has none."""
        while not self._ended and self._decoded_to < start + count:
            self._decode_more()
        out = np.zeros((2, count), dtype=np.float32)
        lo = max(start, self._buffer_start)
        hi = min(start + count, self._buffer_start + self._buffer.shape[1])
        if hi > lo:
            out[:, lo - start : hi - start] = self._buffer[
                :, lo - self._buffer_start : hi - self._buffer_start
            ]
        self._forget_before(start + count)
        return out

    def _decode_more(self) -> None:
        try:
            frame = next(self._frames)
        except StopIteration:
            self._ended = True
            return
        except av.FFmpegError as exc:
            raise MediaError(str(self.path), f"cannot be decoded ({exc.strerror})") from exc
        for resampled in self._resampler.resample(frame):
            samples = resampled.to_ndarray().astype(np.float32, copy=False)
            self._buffer = np.concatenate([self._buffer, samples], axis=1)
            self._decoded_to = self._buffer_start + self._buffer.shape[1]

    def _forget_before(self, position: int) -> None:
        drop = min(max(0, position - self._buffer_start), self._buffer.shape[1])
        if drop:
            self._buffer = self._buffer[:, drop:]
            self._buffer_start += drop

    def close(self) -> None:
        self._container.close()
