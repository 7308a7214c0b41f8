"""The planner: pure code that turns tracks and a layout into a plan."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from roomcast.core.errors import InvalidInput
from roomcast.core.layout.assign import Assignment, Span, assign, required_cells
from roomcast.core.layout.grid import cell_rects, fit, grid_shape
from roomcast.core.layout.model import Canvas, Layout, Rect, Region, matches
from roomcast.core.timeline.model import (
    DEFAULT_FPS,
    MediaKind,
    Placement,
    Plan,
    Segment,
    SourceTrack,
    SpeakerTurn,
)


@dataclass(frozen=True)
class _RegionPlan:
    region: Region
    rect: Rect
    cells: list[Rect]
    assignments: list[Assignment]
    sources: list[SourceTrack]  # every match, shown or not: they all count for trim


def plan(
    tracks: Sequence[SourceTrack],
    layout: Layout,
    canvas: Canvas,
    *,
    trim: bool = True,
    speakers: Sequence[SpeakerTurn] = (),
    fps: int = DEFAULT_FPS,
) -> Plan:
    canvas = canvas.even
    layout.validate_on(canvas)
    by_key = {t.key: t for t in tracks}
    videos = [t for t in tracks if t.kind is MediaKind.VIDEO]
    regions = [_plan_region(r, videos, layout, canvas) for r in layout.drawing_order()]
    audio = _matching(
        [t for t in tracks if t.kind is MediaKind.AUDIO],
        layout.audio_sources,
        layout.audio_sources_excluded,
    )
    used = [t for rp in regions for t in rp.sources] + audio
    if not used:
        raise InvalidInput("video_layout", "no track matches the layout or the audio sources")
    spans = _kept_spans(used, trim)
    segments = _segments(
        spans, used=used, regions=regions, audio=audio, by_key=by_key, speakers=speakers
    )
    return Plan(canvas=canvas, segments=tuple(segments), tracks=by_key, fps=fps)


def _matching(
    tracks: Sequence[SourceTrack], include: Sequence[str], exclude: Sequence[str]
) -> list[SourceTrack]:
    def hit(track: SourceTrack, patterns: Sequence[str]) -> bool:
        return any(matches(p, n) for p in patterns for n in track.names)

    return [t for t in tracks if hit(t, include) and not hit(t, exclude)]


def _plan_region(
    region: Region, videos: Sequence[SourceTrack], layout: Layout, canvas: Canvas
) -> _RegionPlan:
    rect = region.rect(canvas)
    sources = _matching(videos, region.video_sources, region.video_sources_excluded)
    spans = [Span(t.key, t.start, t.end) for t in sources]
    if region.active_speaker:
        # One cell, shared by everyone; the speaker timeline picks who shows.
        cells = cell_rects(rect, 1, 1, layout.border, canvas)
        return _RegionPlan(region, rect, cells, [Assignment(s.key, 0, 0) for s in spans], sources)
    needed = required_cells(spans, region.reuse, region.cells_excluded)
    rows, cols = grid_shape(region.max_rows, region.max_columns, needed)
    cells = cell_rects(rect, rows, cols, layout.border, canvas)
    assignments = assign(spans, len(cells), region.reuse, region.cells_excluded)
    return _RegionPlan(region, rect, cells, assignments, sources)


def _kept_spans(used: Sequence[SourceTrack], trim: bool) -> list[tuple[float, float]]:
    """Trim cuts every stretch where no used track plays; without trim only the lead-in goes."""
    if not trim:
        return [(min(t.start for t in used), max(t.end for t in used))]
    spans: list[tuple[float, float]] = []
    for start, end in sorted((t.start, t.end) for t in used):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _segments(
    spans: Sequence[tuple[float, float]],
    *,
    used: Sequence[SourceTrack],
    regions: Sequence[_RegionPlan],
    audio: Sequence[SourceTrack],
    by_key: dict[str, SourceTrack],
    speakers: Sequence[SpeakerTurn],
) -> list[Segment]:
    cuts = {t.start for t in used} | {t.end for t in used}
    cuts |= {s.start for s in speakers} | {s.end for s in speakers}
    segments: list[Segment] = []
    output = 0.0
    for span_start, span_end in spans:
        points = sorted({span_start, span_end} | {c for c in cuts if span_start < c < span_end})
        for start, end in itertools.pairwise(points):
            middle = (start + end) / 2
            speaker = _speaker_at(speakers, middle)
            placements = tuple(
                p for rp in regions for p in _placements(rp, by_key, middle, speaker)
            )
            audible = tuple(t.key for t in audio if t.start <= middle < t.end)
            length = end - start
            segments.append(Segment(output, output + length, start, placements, audible))
            output += length
    return _merge_unchanged(segments)


def _placements(
    rp: _RegionPlan, by_key: dict[str, SourceTrack], at: float, speaker: str | None
) -> list[Placement]:
    """The region's background first (it hides lower regions), then each cell's winner."""
    drawn: list[Placement] = [Placement(rp.rect)]
    winners: dict[int, Assignment] = {}
    for a in rp.assignments:
        track = by_key[a.key]
        if not track.start <= at < track.end:
            continue
        if rp.region.active_speaker and track.participant != speaker:
            continue
        best = winners.get(a.cell)
        if best is None or a.priority > best.priority:
            winners[a.cell] = a
    for cell, a in sorted(winners.items()):
        track = by_key[a.key]
        rect = fit(rp.cells[cell], track.width, track.height)
        # In a region far too small for its grid, the last cells fall outside: not drawn.
        if (
            rect.within(rp.rect.right, rp.rect.bottom)
            and rect.x >= rp.rect.x
            and rect.y >= rp.rect.y
        ):
            drawn.append(Placement(rect, a.key))
    return drawn


def _speaker_at(speakers: Sequence[SpeakerTurn], at: float) -> str | None:
    current = [s for s in speakers if s.start <= at < s.end]
    return current[-1].participant if current else None


def _merge_unchanged(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for seg in segments:
        prev = merged[-1] if merged else None
        contiguous = (
            prev is not None and abs(prev.session_start + prev.duration - seg.session_start) < 1e-9
        )
        if (
            prev is not None
            and contiguous
            and prev.placements == seg.placements
            and prev.audio == seg.audio
        ):
            merged[-1] = Segment(
                prev.start, seg.end, prev.session_start, prev.placements, prev.audio
            )
        else:
            merged.append(seg)
    return merged
