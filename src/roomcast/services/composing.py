"""Composing track files into one file: probe them, plan the layout, render the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roomcast.core.errors import InvalidInput
from roomcast.core.layout.model import Canvas, Layout
from roomcast.core.media import OutputFormat, RenderOptions, RenderResult
from roomcast.core.ports import MediaProbe, PreviewPainter, Progress, Renderer
from roomcast.core.timeline.model import DEFAULT_FPS, MediaKind, Plan, SourceTrack, SpeakerTurn
from roomcast.core.timeline.planner import plan as make_plan


@dataclass(frozen=True)
class TrackFile:
    """A recorded file, placed `offset` seconds into the session."""

    name: str
    path: str
    offset: float = 0.0
    participant: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompositionSpec:
    layout: Layout
    canvas: Canvas
    format: OutputFormat = OutputFormat.MP4
    trim: bool = True
    fps: int = DEFAULT_FPS
    speakers: tuple[SpeakerTurn, ...] = ()


@dataclass(frozen=True)
class PlannedComposition:
    plan: Plan
    sources: dict[str, str]


class Composer:
    def __init__(self, probe: MediaProbe, renderer: Renderer) -> None:
        self._probe = probe
        self._renderer = renderer

    def plan(self, files: Sequence[TrackFile], spec: CompositionSpec) -> PlannedComposition:
        tracks: list[SourceTrack] = []
        sources: dict[str, str] = {}
        for file in _unique(files):
            for track in self._tracks_of(file):
                tracks.append(track)
                sources[track.key] = file.path
        result = make_plan(
            tracks, spec.layout, spec.canvas, trim=spec.trim, speakers=spec.speakers, fps=spec.fps
        )
        return PlannedComposition(result, sources)

    def compose(
        self,
        files: Sequence[TrackFile],
        spec: CompositionSpec,
        out: str,
        window: tuple[float, float] | None = None,
        progress: Progress | None = None,
    ) -> RenderResult:
        return self.render(self.plan(files, spec), spec.format, out, window, progress)

    def render(
        self,
        planned: PlannedComposition,
        fmt: OutputFormat,
        out: str,
        window: tuple[float, float] | None = None,
        progress: Progress | None = None,
    ) -> RenderResult:
        options = RenderOptions(format=fmt, window=window)
        return self._renderer.render(planned.plan, planned.sources, out, options, progress)

    def _tracks_of(self, file: TrackFile) -> list[SourceTrack]:
        if file.offset < 0:
            raise InvalidInput(f"tracks.{file.name}", "an offset cannot be negative")
        info = self._probe.probe(file.path)
        return [
            SourceTrack(
                key=f"{file.name}#{kind.value}",
                name=file.name,
                kind=kind,
                start=file.offset,
                end=file.offset + info.duration,
                width=info.width,
                height=info.height,
                aliases=file.aliases,
                participant=file.participant,
            )
            for kind in info.kinds
        ]


def _unique(files: Sequence[TrackFile]) -> Sequence[TrackFile]:
    names = [f.name for f in files]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise InvalidInput("tracks", f"track names must be unique: {sorted(duplicated)}")
    return files


def preview(
    painter: PreviewPainter,
    names: Sequence[str],
    layout: Layout,
    canvas: Canvas,
    out: str,
    *,
    source_size: tuple[int, int] = (640, 480),
) -> Plan:
    """Paint the layout as it looks with these named sources, all present at once."""
    width, height = source_size
    tracks = [SourceTrack(n, n, MediaKind.VIDEO, 0.0, 1.0, width, height) for n in names]
    result = make_plan(tracks, layout, canvas, trim=True)
    painter.paint(result, 0.5, out)
    return result
