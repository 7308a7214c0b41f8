"""`roomcast compose` and `roomcast layout preview`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
from typer.testing import CliRunner

from roomcast.adapters.media.probe import probe
from roomcast.delivery.cli.main import app
from tests.fixtures.media import (
    BLUE,
    GREEN,
    RED,
    Clip,
    audio_samples,
    colour_near,
    frame_at,
    tones,
    write_clip,
)

runner = CliRunner()


@pytest.fixture
def clips(tmp_path: Path) -> dict[str, Path]:
    return {
        "alice": write_clip(tmp_path / "alice.webm", Clip(seconds=1.5, colour=RED, tone=440)),
        "bob": write_clip(tmp_path / "bob.mp4", Clip(seconds=1.5, colour=GREEN, tone=880)),
    }


def _layout(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(data))
    return path


def test_compose_writes_a_checked_file_with_a_progress_bar(
    tmp_path: Path, clips: dict[str, Path]
) -> None:
    layout = _layout(tmp_path, {"row": {"max_rows": 1, "video_sources": ["*"]}})
    out = tmp_path / "out.webm"
    result = runner.invoke(
        app,
        ["compose", "--layout", str(layout), "--track", f"alice={clips['alice']}",
         "--track", f"bob={clips['bob']}@0.5", "-o", str(out), "--resolution", "320x120"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "composing" in result.output and "ETA" in result.output
    info = probe(out)
    assert (info.video_codec, info.audio_codec, info.width, info.height) == (
        "vp8",
        "opus",
        320,
        120,
    )
    assert info.duration == pytest.approx(2.0, abs=0.1)
    picture = frame_at(out, 1.0)
    assert colour_near(picture, 80, 60, RED)
    assert colour_near(picture, 240, 60, GREEN)
    assert tones(audio_samples(out), 0.6, 1.4) == {440, 880}


def test_a_spec_file_sets_resolution_format_and_audio(
    tmp_path: Path, clips: dict[str, Path]
) -> None:
    spec = {"video_layout": {"solo": {"video_sources": ["bob"]}}, "audio_sources": ["alice"],
            "resolution": "160x120", "format": "mp4"}  # fmt: skip
    out = tmp_path / "spec.mp4"
    result = runner.invoke(
        app, ["compose", "--layout", str(_layout(tmp_path, spec)), "--track", f"alice={clips['alice']}",
              "--track", f"bob={clips['bob']}", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert colour_near(frame_at(out, 0.5), 80, 60, GREEN)
    assert tones(audio_samples(out), 0.2, 1.2) == {440}


@pytest.mark.parametrize(
    ("layout", "extra", "message"),
    [
        ({"g": {"z_pos": 500, "video_sources": ["*"]}}, [], "z_pos"),
        (
            {"video_layout": {"g": {"video_sources": ["nobody"]}}, "audio_sources": []},
            [],
            "no track matches",
        ),
        ({"g": {"x_pos": 300, "width": 400, "video_sources": ["*"]}}, [], "exceeds"),
        ({"g": {"video_sources": ["*"]}}, ["--resolution", "8000x8000"], "resolution"),
        ({"g": {"video_sources": ["*"]}}, ["--resolution", "big"], "WIDTHxHEIGHT"),
    ],
)
def test_bad_layouts_are_clear_errors_and_write_nothing(
    tmp_path: Path, clips: dict[str, Path], layout: object, extra: list[str], message: str
) -> None:
    out = tmp_path / "bad.mp4"
    result = runner.invoke(
        app,
        [
            "compose",
            "--layout",
            str(_layout(tmp_path, layout)),
            "--track",
            f"a={clips['alice']}",
            "-o",
            str(out),
            *extra,
        ],
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


def test_missing_corrupt_and_unknown_inputs(tmp_path: Path, clips: dict[str, Path]) -> None:
    layout = _layout(tmp_path, {"g": {"video_sources": ["*"]}})
    corrupt = tmp_path / "corrupt.webm"
    corrupt.write_bytes(b"garbage" * 100)
    cases = [
        (
            ["--track", f"a={tmp_path / 'missing.webm'}", "-o", str(tmp_path / "o.mp4")],
            "no such file",
        ),
        (["--track", f"a={corrupt}", "-o", str(tmp_path / "o.mp4")], "cannot be read"),
        (["--track", f"a={clips['alice']}", "-o", str(tmp_path / "o.avi")], "not mp4 or webm"),
        (["--track", "no-equals-sign", "-o", str(tmp_path / "o.mp4")], "NAME=FILE"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["compose", "--layout", str(layout), *args])
        assert result.exit_code == 1, args
        assert message in result.output, (args, result.output)
    (tmp_path / "broken.json").write_text("{not json")
    result = runner.invoke(
        app,
        [
            "compose",
            "--layout",
            str(tmp_path / "broken.json"),
            "--track",
            f"a={clips['alice']}",
            "-o",
            str(tmp_path / "o.mp4"),
        ],
    )
    assert result.exit_code == 1 and "not JSON" in result.output


def test_layout_preview_paints_each_source_where_the_plan_puts_it(tmp_path: Path) -> None:
    layout = _layout(
        tmp_path,
        {"main": {"video_sources": ["source-1"]},
         "pip": {"x_pos": 960, "y_pos": 540, "z_pos": 1, "width": 320, "height": 180, "video_sources": ["source-2"]}},
    )  # fmt: skip
    out = tmp_path / "preview.png"
    result = runner.invoke(
        app, ["layout", "preview", "--layout", str(layout), "--sources", "2", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    picture = cv2.imread(str(out))
    assert picture.shape == (720, 1280, 3)
    main, pip, side = picture[360, 640], picture[630, 1120], picture[360, 60]
    assert main.tolist() != pip.tolist()
    assert max(main) > 100 and max(pip) > 100
    assert max(side) < 40  # pillarbox bar of the 4:3 main source
    assert BLUE  # palette colours are the painter's own; only their placement matters here
