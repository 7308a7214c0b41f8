"""The layout rules of shared/reference/twilio/LAYOUT-SEMANTICS.md, example by example."""

from __future__ import annotations

import pytest

from roomcast.core.errors import InvalidInput
from roomcast.core.layout.assign import Span, assign, required_cells
from roomcast.core.layout.grid import cell_rects, fit, grid_shape
from roomcast.core.layout.model import (
    Canvas,
    Layout,
    Rect,
    Region,
    Reuse,
    layout_from_mapping,
    matches,
)
from roomcast.core.timeline.model import MediaKind, SourceTrack
from roomcast.core.timeline.planner import plan

GRID_TABLE = [
    (0, 0, 1, (1, 1)), (0, 0, 2, (1, 2)), (0, 0, 3, (2, 2)), (0, 0, 5, (2, 3)),
    (0, 0, 7, (3, 3)), (0, 0, 10, (3, 4)), (0, 0, 17, (4, 5)), (1, 0, 3, (1, 3)),
    (0, 1, 3, (3, 1)), (2, 0, 5, (2, 3)), (9, 10, 5, (5, 1)), (0, 2, 5, (3, 2)),
    (2, 0, 7, (2, 4)), (0, 4, 5, (2, 4)), (4, 0, 5, (4, 2)), (2, 2, 1, (1, 1)),
    (2, 2, 2, (1, 2)), (2, 2, 5, (2, 2)), (2, 7, 9, (2, 5)), (3, 7, 9, (3, 3)),
    (10, 10, 5, (1, 5)), (10, 9, 5, (1, 5)),
]  # fmt: skip


@pytest.mark.parametrize(("max_rows", "max_cols", "n", "shape"), GRID_TABLE)
def test_grid_shape_table(max_rows: int, max_cols: int, n: int, shape: tuple[int, int]) -> None:
    assert grid_shape(max_rows or None, max_cols or None, n) == shape


def _video(key: str, start: float, end: float, w: int = 640, h: int = 480) -> SourceTrack:
    return SourceTrack(key, key, MediaKind.VIDEO, start, end, w, h)


def _drawn(layout: Layout, canvas: Canvas, tracks: list[SourceTrack], at: float) -> dict[str, Rect]:
    result = plan(tracks, layout, canvas)
    segment = result.segment_at(at)
    assert segment is not None
    return {p.track: p.rect for p in segment.placements if p.track}


def test_e1_five_sources_on_a_full_canvas() -> None:
    sizes = {"a": (640, 360), "b": (360, 640), "c": (320, 240), "d": (400, 400), "e": (640, 480)}
    tracks = [_video(k, i * 0.001, 10, *wh) for i, (k, wh) in enumerate(sizes.items())]
    layout = Layout((Region("grid", video_sources=("*",)),))
    drawn = _drawn(layout, Canvas(1280, 720), tracks, 5)
    assert drawn == {
        "a": Rect(2, 60, 424, 238),
        "b": Rect(540, 0, 200, 358),
        "c": Rect(854, 20, 424, 318),
        "d": Rect(34, 360, 358, 358),
        "e": Rect(428, 380, 424, 318),
    }


def test_e2_picture_in_picture_with_a_4px_border() -> None:
    sizes = {"a": (640, 360), "b": (360, 640), "c": (320, 240), "d": (400, 400), "e": (640, 480)}
    tracks = [_video(k, i * 0.001, 10, *wh) for i, (k, wh) in enumerate(sizes.items())]
    layout = Layout(
        (
            Region("bg", video_sources=("a",)),
            Region(
                "pip",
                x_pos=600,
                y_pos=500,
                z_pos=1,
                width=600,
                height=200,
                max_rows=1,
                video_sources=("*",),
                video_sources_excluded=("a",),
            ),
        ),
        border=4,
    )
    drawn = _drawn(layout, Canvas(1280, 720), tracks, 5)
    assert drawn["b"] == Rect(624, 504, 108, 192)
    assert drawn["c"] == Rect(754, 546, 144, 108)
    assert drawn["d"] == Rect(902, 528, 144, 144)
    assert drawn["e"] == Rect(1050, 546, 144, 108)
    # the pip region paints its background over the bg region's video
    segment = plan(tracks, layout, Canvas(1280, 720)).segment_at(5)
    assert segment is not None
    order = [p.track or f"fill {p.rect}" for p in segment.placements]
    assert order.index("a") < order.index(f"fill {Rect(600, 500, 600, 200)}") < order.index("b")


def test_e3_cells_of_a_small_region_keep_an_outer_border() -> None:
    cells = cell_rects(Rect(0, 0, 640, 480), 2, 2, 4, Canvas(1920, 1080))
    assert cells == [
        Rect(4, 4, 314, 234),
        Rect(322, 4, 314, 234),
        Rect(4, 242, 314, 234),
        Rect(322, 242, 314, 234),
    ]


def test_fit_letterboxes_and_pillarboxes_centred() -> None:
    assert fit(Rect(0, 0, 424, 358), 640, 360) == Rect(0, 60, 424, 238)
    assert fit(Rect(0, 0, 318, 240), 320, 240) == Rect(0, 0, 318, 238)
    assert fit(Rect(10, 10, 100, 100), 20, 10) == Rect(10, 34, 100, 50)


def test_e6_a_region_running_off_the_canvas_is_an_error() -> None:
    region = Region("r", x_pos=50, width=700, height=400, video_sources=("*",))
    with pytest.raises(InvalidInput) as caught:
        Layout((region,)).validate_on(Canvas(720, 480))
    assert caught.value.field == "video_layout.r.width"
    Layout((Region("r", x_pos=20, width=700, height=400),)).validate_on(Canvas(720, 480))


def test_e7_excluded_cells_are_skipped() -> None:
    spans = [Span(k, 0, 10) for k in ("user1", "user2", "user3")]
    cells = required_cells(spans, Reuse.SHOW_OLDEST, [1, 5, 8])
    assert cells == 4
    assert grid_shape(None, None, cells) == (2, 2)
    got = {a.key: a.cell for a in assign(spans, 4, Reuse.SHOW_OLDEST, [1, 5, 8])}
    assert got == {"user1": 0, "user2": 2, "user3": 3}


TWILIO_TRIM = [Span("S0", 0, 2), Span("S1", 1, 1), Span("S2", 4, 6), Span("S3", 5, 7), Span("S4", 6, 8)]  # fmt: skip


@pytest.mark.parametrize(
    ("reuse", "excluded", "cells"),
    [
        (Reuse.SHOW_OLDEST, [], 3), (Reuse.SHOW_OLDEST, [1, 3], 5), (Reuse.SHOW_OLDEST, [2], 4),
        (Reuse.SHOW_OLDEST, [3], 3), (Reuse.NONE, [], 5), (Reuse.NONE, [1, 3], 7),
        (Reuse.NONE, [2], 6), (Reuse.NONE, [5, 10], 5),
    ],
)  # fmt: skip
def test_e8_required_cells(reuse: Reuse, excluded: list[int], cells: int) -> None:
    assert required_cells(TWILIO_TRIM, reuse, excluded) == cells
    assert required_cells([], reuse, excluded) == 0


E9 = [
    ((1, 1), Reuse.NONE, ["S0", "S0", "S0", "-", "-", "-", "-", "-", "-"]),
    ((1, 1), Reuse.SHOW_OLDEST, ["S0", "S0", "S0", "-", "S2", "S2", "S2", "S3", "S4"]),
    ((1, 1), Reuse.SHOW_NEWEST, ["S0", "S1", "S0", "-", "S2", "S3", "S4", "S4", "S4"]),
    ((1, 2), Reuse.NONE, ["S0/-", "S0/S1", "S0/-", "-/-", "-/-", "-/-", "-/-", "-/-", "-/-"]),
    ((1, 2), Reuse.SHOW_OLDEST, ["S0/-", "S0/S1", "S0/-", "-/-", "S2/-", "S2/S3", "S2/S3", "S4/S3", "S4/-"]),
    ((1, 2), Reuse.SHOW_NEWEST, ["S0/-", "S0/S1", "S0/-", "-/-", "S2/-", "S2/S3", "S4/S3", "S4/S3", "S4/-"]),
]  # fmt: skip


@pytest.mark.parametrize(("shape", "reuse", "expected"), E9)
def test_e9_what_each_cell_shows_over_time(
    shape: tuple[int, int], reuse: Reuse, expected: list[str]
) -> None:
    cells = shape[0] * shape[1]
    assignments = assign(TWILIO_TRIM, cells, reuse, [])
    spans = {s.key: s for s in TWILIO_TRIM}
    for t, want in enumerate(expected):
        shown = []
        for cell in range(cells):
            # the reference table treats presence as closed [start, stop]
            present = [
                a
                for a in assignments
                if a.cell == cell and spans[a.key].start <= t <= spans[a.key].end
            ]
            shown.append(max(present, key=lambda a: a.priority).key if present else "-")
        assert "/".join(shown) == want, t


@pytest.mark.parametrize(
    ("reuse", "expected"),
    [
        (Reuse.NONE, {3: "C,A", 6: "C,A", 11.5: "C,A", 12.5: "C,-", 13: "C,-", 16: "C,-"}),
        (Reuse.SHOW_OLDEST, {3: "C,A", 6: "C,A", 11.5: "C,A", 12.5: "C,B", 13: "C,B", 16: "C,-"}),
        (Reuse.SHOW_NEWEST, {3: "C,A", 6: "C,B", 11.5: "C,B", 12.5: "C,B", 13: "C,B", 16: "C,-"}),
    ],
)
def test_e10_reuse_in_a_planned_1x2_grid(reuse: Reuse, expected: dict[float, str]) -> None:
    tracks = [
        _video("A", 2, 12, 320, 240),
        _video("B", 5, 15, 320, 240),
        _video("C", 0, 20, 320, 240),
    ]
    layout = Layout((Region("row", max_rows=1, max_columns=2, reuse=reuse, video_sources=("*",)),))
    result = plan(tracks, layout, Canvas(640, 240), trim=False)
    for t, want in expected.items():
        segment = result.segment_at(t)
        assert segment is not None
        by_x = {p.rect.x: p.track for p in segment.placements if p.track}
        got = f"{by_x.get(0, '-')},{by_x.get(320, '-')}"
        assert got == want, t
        assert all(p.rect.width == 318 for p in segment.placements if p.track)


def test_e11_trim_cuts_the_gaps_and_no_trim_only_the_lead_in() -> None:
    tracks = [_video("a", 5, 15), _video("b", 10, 20), _video("c", 25, 30)]
    layout = Layout((Region("g", video_sources=("*",)),))
    assert plan(tracks, layout, Canvas(640, 480), trim=True).duration == 20
    untrimmed = plan(tracks, layout, Canvas(640, 480), trim=False)
    assert untrimmed.duration == 25
    gap = untrimmed.segment_at(16)  # session time 21: nobody there
    assert gap is not None and not any(p.track for p in gap.placements)


def test_e12_equal_z_puts_the_later_name_on_top() -> None:
    tracks = [_video("x", 0, 5), _video("y", 0, 5)]
    layout = Layout(
        (
            Region("zeta", width=400, height=300, video_sources=("x",)),
            Region("alpha", x_pos=200, y_pos=100, width=400, height=300, video_sources=("y",)),
        ),
        border=0,
    )
    segment = plan(tracks, layout, Canvas(640, 480)).segment_at(1)
    assert segment is not None
    assert [p.track for p in segment.placements if p.track] == ["y", "x"]


def test_wildcards_match_any_run_of_characters() -> None:
    assert matches("student*", "student")
    assert matches("student*", "studentTeam")
    assert matches("*-video", "alice-video")
    assert not matches("student*", "a student")
    assert matches("a.b", "a.b") and not matches("a.b", "axb")


def test_default_region_fills_from_its_position_to_the_edge() -> None:
    assert Region("r", x_pos=100, y_pos=40).rect(Canvas(640, 480)) == Rect(100, 40, 540, 440)


@pytest.mark.parametrize(
    ("region", "field"),
    [
        ({"z_pos": 100}, "video_layout.r.z_pos"),
        ({"z_pos": -100}, "video_layout.r.z_pos"),
        ({"width": 15}, "video_layout.r.width"),
        ({"height": 8}, "video_layout.r.height"),
        ({"max_columns": 0}, "video_layout.r.max_columns"),
        ({"max_rows": 1001}, "video_layout.r.max_rows"),
        ({"reuse": "sometimes"}, "video_layout.r.reuse"),
        ({"video_sources": "*"}, "video_layout.r.video_sources"),
        ({"x_pos": "10"}, "video_layout.r.x_pos"),
        ({"cells_excluded": [-1]}, "video_layout.r.cells_excluded"),
        ({"colour": "red"}, "video_layout.r.colour"),
    ],
)
def test_bad_region_fields_are_named_in_the_error(region: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        layout_from_mapping({"r": region})
    assert caught.value.field == field


@pytest.mark.parametrize("text", ["15x100", "100x15", "3841x16", "abc", "640*480"])
def test_resolution_out_of_bounds(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Canvas.parse(text)
    assert caught.value.field == "resolution"


def test_no_matching_source_is_an_error() -> None:
    layout = Layout((Region("g", video_sources=("nobody*",)),))
    with pytest.raises(InvalidInput):
        plan([_video("alice", 0, 3)], layout, Canvas(640, 480))


def test_an_active_speaker_region_follows_the_speaker_timeline() -> None:
    from roomcast.core.timeline.model import SpeakerTurn

    tracks = [
        SourceTrack("a", "alice-cam", MediaKind.VIDEO, 0, 10, 640, 480, participant="alice"),
        SourceTrack("b", "bob-cam", MediaKind.VIDEO, 0, 10, 640, 480, participant="bob"),
    ]
    layout = Layout((Region("speaker", active_speaker=True, video_sources=("*",)),))
    turns = [SpeakerTurn("alice", 0, 4), SpeakerTurn("bob", 4, 7), SpeakerTurn("alice", 7, 10)]
    result = plan(tracks, layout, Canvas(640, 480), speakers=turns)
    shown = {t: [p.track for p in result.segment_at(t).placements if p.track] for t in (1, 5, 8)}  # type: ignore[union-attr]
    assert shown == {1: ["a"], 5: ["b"], 8: ["a"]}
    assert [s.start for s in result.segments] == [0, 4, 7]
    full = result.segment_at(1).placements[-1].rect  # type: ignore[union-attr]
    assert (full.width, full.height) == (640, 480)
