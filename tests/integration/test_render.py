"""Composition renders, checked by what they show and what they sound like."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from roomcast.adapters.media.probe import probe
from roomcast.adapters.media.renderer import PyAvRenderer
from roomcast.core.errors import InvalidInput, MediaError
from roomcast.core.layout.model import Canvas, Layout, Region, layout_from_mapping
from roomcast.core.media import OutputFormat, RenderOptions
from roomcast.core.ports import Progress
from roomcast.core.timeline.model import MediaKind, Plan, SourceTrack
from roomcast.core.timeline.planner import plan
from tests.fixtures.media import (
    BLACK,
    BLUE,
    GREEN,
    RED,
    WHITE,
    YELLOW,
    Clip,
    audio_samples,
    colour_near,
    first_time,
    frame_at,
    sound_onset,
    tones,
    write_clip,
)

GRID = Layout((Region("grid", video_sources=("*",)),), audio_sources=("*",))
SMALL = Canvas(320, 240)


class Session:
    """Tracks made from synthetic clips and placed in session time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tracks: list[SourceTrack] = []
        self.sources: dict[str, Path] = {}

    def add(self, name: str, clip: Clip, offset: float = 0.0, suffix: str = ".webm") -> None:
        path = write_clip(self.folder / f"{name}{suffix}", clip)
        info = probe(path)
        if info.has_video:
            self._track(f"{name}-video", name, MediaKind.VIDEO, offset, info, path)
        if info.has_audio:
            self._track(f"{name}-audio", name, MediaKind.AUDIO, offset, info, path)

    def _track(self, key: str, name: str, kind: MediaKind, offset: float, info, path: Path) -> None:  # type: ignore[no-untyped-def]
        track = SourceTrack(
            key, key, kind, offset, offset + info.duration, info.width, info.height, aliases=(name,)
        )
        self.tracks.append(track)
        self.sources[key] = path

    def plan(self, layout: Layout = GRID, canvas: Canvas = SMALL, trim: bool = True) -> Plan:
        return plan(self.tracks, layout, canvas, trim=trim)

    def render(
        self,
        result: Plan,
        name: str = "out.mp4",
        window: tuple[float, float] | None = None,
        progress: Progress | None = None,
    ) -> Path:
        options = RenderOptions(OutputFormat(Path(name).suffix[1:]), window)
        sources = {key: str(path) for key, path in self.sources.items()}
        PyAvRenderer().render(result, sources, str(self.folder / name), options, progress)
        return self.folder / name


@pytest.fixture
def session(tmp_path: Path) -> Session:
    return Session(tmp_path)


def test_a_2x2_grid_shows_each_colour_in_its_cell_as_tracks_join(session: Session) -> None:
    for i, (name, colour, tone) in enumerate(
        [("alice", RED, 440), ("bob", GREEN, 660), ("carol", BLUE, 880), ("dave", YELLOW, 1100)]
    ):
        session.add(name, Clip(seconds=2, colour=colour, tone=tone), offset=i * 0.5)
    out = session.render(session.plan())

    # the grid is sized once, for the most tracks at a time: at 0.2 s alice is alone in cell 0
    early = frame_at(out, 0.2)
    assert colour_near(early, 80, 60, RED)
    assert colour_near(early, 240, 60, BLACK, tol=20)
    assert colour_near(early, 240, 180, BLACK, tol=20)
    # at 1.7 s all four, in start order, row-major
    picture = frame_at(out, 1.7)
    assert colour_near(picture, 80, 60, RED)
    assert colour_near(picture, 240, 60, GREEN)
    assert colour_near(picture, 80, 180, BLUE)
    assert colour_near(picture, 240, 180, YELLOW)
    samples = audio_samples(out)
    assert tones(samples, 0.1, 0.45) == {440}
    assert tones(samples, 1.55, 1.95) == {440, 660, 880, 1100}
    assert tones(samples, 3.1, 3.45) == {1100}


def test_letterbox_bars_around_a_wide_source(session: Session) -> None:
    session.add("wide", Clip(seconds=1, colour=GREEN, width=320, height=90))
    out = session.render(session.plan(canvas=Canvas(320, 240)))
    picture = frame_at(out, 0.5)
    # 320x90 fits 320x240 as 320x90, centred: bars above and below
    assert colour_near(picture, 160, 120, GREEN)
    assert colour_near(picture, 160, 40, BLACK, tol=20)
    assert colour_near(picture, 160, 200, BLACK, tol=20)


def test_higher_z_region_covers_the_lower_one(session: Session) -> None:
    session.add("main", Clip(seconds=1, colour=RED))
    session.add("guest", Clip(seconds=1, colour=BLUE))
    layout = layout_from_mapping(
        {
            "pip": {
                "x_pos": 200,
                "y_pos": 150,
                "z_pos": 5,
                "width": 100,
                "height": 80,
                "video_sources": ["guest*"],
            },
            "main": {"z_pos": 0, "video_sources": ["main*"]},
        },
        audio_sources=["*"],
    )
    picture = frame_at(session.render(session.plan(layout)), 0.5)
    assert colour_near(picture, 250, 190, BLUE)
    assert colour_near(picture, 60, 60, RED)


def test_trim_removes_the_silent_gap_and_no_trim_keeps_it(session: Session) -> None:
    session.add("first", Clip(seconds=1, colour=RED, tone=500), offset=0.5)
    session.add("second", Clip(seconds=1, colour=GREEN, tone=700), offset=3.0)
    trimmed = probe(session.render(session.plan(trim=True), "trimmed.mp4"))
    kept = session.render(session.plan(trim=False), "kept.mp4")
    assert trimmed.duration == pytest.approx(2.0, abs=0.1)
    assert probe(kept).duration == pytest.approx(3.5, abs=0.1)
    # untrimmed: the gap (session 1.5..3.0, output 1.0..2.5) is black and silent
    assert colour_near(frame_at(kept, 1.8), 160, 120, BLACK, tol=20)
    assert tones(audio_samples(kept), 1.2, 2.3) == set()
    assert colour_near(frame_at(kept, 2.8), 160, 120, GREEN)


def test_picture_and_sound_stay_in_sync_within_a_frame(session: Session) -> None:
    # the clip turns white and starts beeping at 1.0 s of its own time
    session.add("flash", Clip(seconds=2, colour=WHITE, tone=1000, content_from=1.0), offset=0.6)
    session.add("steady", Clip(seconds=2.6, colour=RED))  # from 0: the output starts at 0
    out = session.render(session.plan())
    seen = first_time(out, lambda p: colour_near(p, 240, 120, WHITE))
    heard = sound_onset(audio_samples(out))
    assert seen == pytest.approx(1.6, abs=0.041)
    assert heard == pytest.approx(1.6, abs=0.041)
    assert abs(seen - heard) <= 0.04


@pytest.mark.parametrize(
    ("name", "codecs"), [("out.mp4", ("h264", "aac")), ("out.webm", ("vp8", "opus"))]
)
def test_codecs_and_container(session: Session, name: str, codecs: tuple[str, str]) -> None:
    session.add("a", Clip(seconds=1, colour=RED, tone=440))
    info = probe(session.render(session.plan(), name))
    assert (info.video_codec, info.audio_codec) == codecs
    assert info.container.startswith("mov" if name.endswith("mp4") else "matroska")
    with av.open(str(session.folder / name)) as container:
        assert container.streams.video[0].average_rate == 25


def test_the_smallest_canvas_and_a_time_window(session: Session) -> None:
    session.add("a", Clip(seconds=2, colour=RED, tone=440, moving=True))
    tiny = probe(session.render(session.plan(canvas=Canvas(16, 16)), "tiny.mp4"))
    assert (tiny.width, tiny.height) == (16, 16)
    windowed = session.render(session.plan(), "window.mp4", window=(0.5, 1.5))
    assert probe(windowed).duration == pytest.approx(1.0, abs=0.05)
    assert colour_near(frame_at(windowed, 0.5), 120, 120, RED)


def test_progress_reaches_the_total(session: Session) -> None:
    session.add("a", Clip(seconds=2, colour=RED))
    seen: list[tuple[float, float]] = []
    session.render(session.plan(), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2.0, 2.0)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_missing_or_corrupt_file_is_a_media_error_and_leaves_no_file(session: Session) -> None:
    session.add("a", Clip(seconds=1, colour=RED))
    result = session.plan()
    session.sources["a-video"].write_bytes(b"\x1aE\xdf\xa3 not really a webm")
    with pytest.raises(MediaError):
        session.render(result)
    with pytest.raises(MediaError):
        probe(session.folder / "missing.webm")
    assert sorted(p.name for p in session.folder.iterdir()) == ["a.webm"]


def test_bad_requests_are_refused_before_any_work(session: Session) -> None:
    session.add("a", Clip(seconds=1, colour=RED))
    with pytest.raises(InvalidInput):
        OutputFormat.parse("avi")
    with pytest.raises(InvalidInput):
        session.plan(Layout((Region("g", video_sources=("nobody",)),)))
    with pytest.raises(InvalidInput):
        session.plan(Layout((Region("g", x_pos=300, width=100, video_sources=("*",)),)))
    with pytest.raises(InvalidInput):
        PyAvRenderer().render(session.plan(), {}, str(session.folder / "x.mp4"), RenderOptions())
    assert sorted(p.name for p in session.folder.iterdir()) == ["a.webm"]


def test_loud_tracks_are_mixed_without_clipping(session: Session) -> None:
    for i, tone in enumerate([300, 500, 700, 900]):
        session.add(f"t{i}", Clip(seconds=1, colour=None, tone=tone))
    out = session.render(session.plan(Layout(audio_sources=("*",))), "mix.mp4")
    samples = audio_samples(out)
    assert float(np.abs(samples).max()) <= 1.0
    assert tones(samples, 0.2, 0.8) == {300, 500, 700, 900}
