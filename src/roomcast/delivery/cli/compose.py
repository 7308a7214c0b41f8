"""`roomcast compose` and `roomcast layout preview`: composition with no server."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from roomcast.bootstrap import local_composer, preview_painter
from roomcast.core.errors import InvalidInput, RoomcastError
from roomcast.core.layout.model import Canvas, Layout, layout_from_mapping
from roomcast.core.media import OutputFormat
from roomcast.delivery.cli.console import console, fail
from roomcast.services.composing import CompositionSpec, TrackFile, preview

layout_app = typer.Typer(help="Layouts: preview them.", no_args_is_help=True)
TRACK = re.compile(r"^(?P<name>[^=]+)=(?P<path>.+?)(?:@(?P<offset>\d+(?:\.\d+)?))?$")


def parse_track(text: str) -> TrackFile:
    match = TRACK.match(text)
    if match is None:
        raise InvalidInput("track", f"{text!r} is not NAME=FILE or NAME=FILE@OFFSET")
    offset = float(match["offset"]) if match["offset"] else 0.0
    return TrackFile(name=match["name"], path=match["path"], offset=offset)


def load_layout(path: Path, audio_sources: list[str]) -> tuple[Layout, dict[str, Any]]:
    """A layout file holds a VideoLayout (regions keyed by name), or an object with
    `video_layout` and optionally `audio_sources`, `audio_sources_excluded`, `resolution`,
    `format` and `trim`."""
    try:
        data = json.loads(path.read_text())
    except OSError as exc:
        raise InvalidInput("layout", f"cannot read {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput("layout", f"{path} is not JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(data, dict):
        raise InvalidInput("layout", "the layout file must hold a JSON object")
    spec = data if "video_layout" in data else {"video_layout": data}
    layout = layout_from_mapping(
        spec["video_layout"],
        _patterns(spec, "audio_sources", audio_sources),
        _patterns(spec, "audio_sources_excluded", []),
    )
    return layout, spec


def _patterns(spec: dict[str, Any], key: str, default: list[str]) -> list[str]:
    value = spec.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(key, "must be a list of track name patterns")
    return value


def compose(
    layout: Annotated[Path, typer.Option(help="Layout JSON file.")],
    track: Annotated[list[str], typer.Option(help="NAME=FILE[@OFFSET seconds], repeatable.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output .mp4 or .webm.")],
    resolution: Annotated[str | None, typer.Option(help="WIDTHxHEIGHT (default 640x480).")] = None,
    trim: Annotated[bool, typer.Option(help="Cut the stretches with no media.")] = True,
    audio_source: Annotated[
        list[str] | None, typer.Option(help="Audio track pattern (default *), repeatable.")
    ] = None,
) -> None:
    """Compose local track files into one file by a layout, with no server."""
    try:
        chosen, spec = load_layout(layout, audio_source or ["*"])
        fmt = OutputFormat.parse(spec.get("format") or output.suffix.lstrip(".") or "mp4")
        composition = CompositionSpec(
            layout=chosen,
            canvas=Canvas.parse(resolution or spec.get("resolution") or "640x480"),
            format=fmt,
            trim=bool(spec.get("trim", trim)),
        )
        composer = local_composer()
        planned = composer.plan([parse_track(t) for t in track], composition)
        with _progress_bar() as bar:
            task = bar.add_task("composing", total=planned.plan.duration)
            result = composer.render(
                planned,
                fmt,
                str(output),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except RoomcastError as exc:
        fail(exc)
    speed = result.duration / result.wall_seconds if result.wall_seconds else 0
    console.print(
        f"wrote {output}: {result.duration:.2f} s, {result.size / 1e6:.2f} MB, "
        f"{result.bitrate / 1000:.0f} kb/s, in {result.wall_seconds:.2f} s ({speed:.1f}x real time)"
    )


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed:.1f}/{task.total:.1f} s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


@layout_app.command("preview")
def layout_preview(
    layout: Annotated[Path, typer.Option(help="Layout JSON file.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="PNG to write.")],
    sources: Annotated[int, typer.Option(help="How many sources (named source-1 ...).")] = 4,
    name: Annotated[list[str] | None, typer.Option(help="Source names instead.")] = None,
    resolution: Annotated[str, typer.Option(help="WIDTHxHEIGHT.")] = "1280x720",
) -> None:
    """Write a PNG of the layout as it would look with N named sources."""
    try:
        chosen, _ = load_layout(layout, [])
        names = name or [f"source-{i + 1}" for i in range(sources)]
        preview(preview_painter(), names, chosen, Canvas.parse(resolution), str(output))
    except RoomcastError as exc:
        fail(exc)
    console.print(f"wrote {output}")
