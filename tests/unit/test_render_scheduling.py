"""How the renderer splits its work: sound in runs of frames that never cross a segment,
and helper threads that give way to the encoder."""

from __future__ import annotations

import os
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roomcast.adapters.media.readers import lower_priority
from roomcast.adapters.media.renderer import _runs, _Window
from roomcast.core.layout.model import Canvas, Layout, Region
from roomcast.core.timeline.model import MediaKind, SourceTrack
from roomcast.core.timeline.planner import plan

GRID = Layout((Region("grid", video_sources=("*",)),), audio_sources=("*",))


def _track(key: str, kind: MediaKind, start: float, end: float) -> SourceTrack:
    return SourceTrack(key, key, kind, start, end, 64, 48)


@settings(max_examples=60, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.floats(0, 6), st.floats(0.2, 5)).map(lambda s: (s[0], s[0] + s[1])),
        min_size=1,
        max_size=4,
    ),
    trim=st.booleans(),
    longest=st.integers(1, 30),
    window_start=st.floats(0, 0.9),
)
def test_sound_runs_tile_the_window_and_never_cross_a_segment(
    spans: list[tuple[float, float]], trim: bool, longest: int, window_start: float
) -> None:
    tracks = [
        _track(f"t{i}-{kind.value}", kind, start, end)
        for i, (start, end) in enumerate(spans)
        for kind in (MediaKind.VIDEO, MediaKind.AUDIO)
    ]
    result = plan(tracks, GRID, Canvas(320, 240), trim=trim)
    span = _Window.of(result, (window_start * result.duration, result.duration))

    runs = list(_runs(result, span, longest))

    assert sum(count for _, count, _ in runs) == span.end_frame - span.first_frame
    assert not runs or runs[0][0] == span.first_frame
    for (first, count, segment), following in zip(runs, [*runs[1:], None], strict=True):
        assert 1 <= count <= longest
        assert segment.start <= first / result.fps
        assert (first + count - 1) / result.fps < segment.end
        if following is not None:
            assert following[0] == first + count


def test_a_lowered_thread_yields_and_the_others_keep_their_priority() -> None:
    main = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def helper() -> None:
        lower_priority(3)
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=helper)
    thread.start()
    thread.join()

    if main + 3 > 19:
        pytest.skip("this process already runs at the lowest priority")
    assert seen == [main + 3]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == main
