"""Properties of every plan: placements stay on the canvas, z order holds, segments tile."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roomcast.core.errors import InvalidInput
from roomcast.core.layout.model import Canvas, Layout, Region, Reuse
from roomcast.core.timeline.model import MediaKind, Plan, SourceTrack
from roomcast.core.timeline.planner import plan

names = st.sampled_from(["alice", "bob", "carol", "dave", "erin", "frank"])


@st.composite
def tracks(draw: st.DrawFn) -> list[SourceTrack]:
    result = []
    for i in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, 40)) / 2
        length = draw(st.integers(1, 40)) / 2
        kind = draw(st.sampled_from(MediaKind))
        w, h = draw(st.sampled_from([(640, 480), (320, 240), (360, 640), (1280, 720), (16, 16)]))
        name = f"{draw(names)}-{kind.value}-{i}"
        result.append(SourceTrack(f"t{i}", name, kind, start, start + length, w, h))
    return result


@st.composite
def regions(draw: st.DrawFn, canvas: Canvas) -> Region:
    x = draw(st.integers(0, canvas.width - 16))
    y = draw(st.integers(0, canvas.height - 16))
    return Region(
        name=draw(st.text("abcdefgh", min_size=1, max_size=4)),
        x_pos=x,
        y_pos=y,
        z_pos=draw(st.integers(-99, 99)),
        width=draw(st.none() | st.integers(16, canvas.width - x)),
        height=draw(st.none() | st.integers(16, canvas.height - y)),
        max_columns=draw(st.none() | st.integers(1, 5)),
        max_rows=draw(st.none() | st.integers(1, 5)),
        cells_excluded=tuple(draw(st.lists(st.integers(0, 6), max_size=3))),
        reuse=draw(st.sampled_from(Reuse)),
        video_sources=tuple(draw(st.lists(st.sampled_from(["*", "alice*", "*video*", "b*"]), min_size=1, max_size=2))),
    )  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[SourceTrack], Layout, Canvas, bool]:
    canvas = Canvas(draw(st.integers(16, 1280)), draw(st.integers(16, 720)))
    even = canvas.even
    region_list = draw(st.lists(regions(even), min_size=0, max_size=3, unique_by=lambda r: r.name))
    audio = tuple(draw(st.lists(st.sampled_from(["*", "bob*", "*audio*"]), max_size=2)))
    if not region_list and not audio:
        audio = ("*",)
    return draw(tracks()), Layout(tuple(region_list), audio), canvas, draw(st.booleans())


def _plan_or_none(scenario: tuple[list[SourceTrack], Layout, Canvas, bool]) -> Plan | None:
    source, layout, canvas, trim = scenario
    try:
        return plan(source, layout, canvas, trim=trim)
    except InvalidInput:
        return None  # nothing matched: a clear error is the right answer


@given(scenarios())
@settings(max_examples=300, deadline=None)
def test_no_placement_leaves_the_canvas(
    scenario: tuple[list[SourceTrack], Layout, Canvas, bool],
) -> None:
    result = _plan_or_none(scenario)
    if result is None:
        return
    for segment in result.segments:
        for placement in segment.placements:
            assert placement.rect.within(result.canvas.width, result.canvas.height)
            assert placement.rect.width > 0 and placement.rect.height > 0


@given(scenarios())
@settings(max_examples=300, deadline=None)
def test_segments_tile_the_timeline(
    scenario: tuple[list[SourceTrack], Layout, Canvas, bool],
) -> None:
    result = _plan_or_none(scenario)
    if result is None:
        return
    assert result.segments[0].start == 0
    for before, after in zip(result.segments, result.segments[1:], strict=False):
        assert before.end == after.start
        assert before.end > before.start
    source, _, _, trim = scenario
    used = {p.track for s in result.segments for p in s.placements if p.track} | result.audio_tracks
    if not trim and used:
        spanned = [t for t in source if t.key in used]
        assert result.duration >= max(t.end for t in spanned) - min(t.start for t in spanned) - 1e-9


@given(scenarios())
@settings(max_examples=300, deadline=None)
def test_z_order_is_ascending_and_tracks_play_only_inside_their_time(
    scenario: tuple[list[SourceTrack], Layout, Canvas, bool],
) -> None:
    result = _plan_or_none(scenario)
    if result is None:
        return
    _, layout, _, _ = scenario
    order = layout.drawing_order()
    assert [r.z_pos for r in order] == sorted(r.z_pos for r in order)
    backgrounds = [r.rect(result.canvas) for r in order]
    for segment in result.segments:
        # every region paints its background once, in drawing order, before its videos
        assert [p.rect for p in segment.placements if p.track is None] == backgrounds
        middle = segment.session_time((segment.start + segment.end) / 2)
        for key in [p.track for p in segment.placements if p.track] + list(segment.audio):
            track = result.tracks[key]
            assert track.start <= middle < track.end
