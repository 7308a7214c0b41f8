"""Benchmark R1: composing four 640x480 VP8/Opus tracks into a 1280x720 H.264/AAC 2x2 grid.

In one run, on the same generated inputs, it times:
  - roomcast (the Composer, in a child process, so that its peak RSS can be read);
  - the ffmpeg CLI doing the same job (fps=25 + scale + pad per input, xstack, amix,
    libx264 veryfast crf 23);
  - the bound: only decoding the inputs, plus only encoding the composed picture with the
    same encoder settings (frames decoded into memory first, so decoding is not timed);
then 16 tracks (4x4) against 4, and peak memory at two durations.
It prints ratios, because absolute times on these machines vary by up to 1.7x; and it
runs everything in interleaved rounds and keeps each one's best time, because a single
run of any of them varies by 15% from one minute to the next.

    scripts/bench            # or: .venv/bin/python -m bench.compose --seconds 60
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import av
from tests.fixtures.media import BLUE, GREEN, RED, YELLOW, Clip, write_clip

COLOURS = [RED, GREEN, BLUE, YELLOW]
TONES = [440, 550, 660, 880]
CACHE = Path(__file__).with_name(".cache")


def inputs(seconds: float, count: int) -> list[Path]:
    """`count` tracks of `seconds`, 640x480 30 fps VP8 + Opus, with moving pictures."""
    CACHE.mkdir(exist_ok=True)
    made = []
    for i in range(count):
        path = CACHE / f"r1-{int(seconds)}s-{i % 4}.webm"
        if not path.exists():
            clip = Clip(seconds=seconds, colour=COLOURS[i % 4], tone=TONES[i % 4],
                        width=640, height=480, fps=30, moving=True)  # fmt: skip
            write_clip(path.with_suffix(".tmp.webm"), clip).rename(path)
        made.append(path)
    return made


def grid_layout(count: int) -> dict[str, object]:
    columns = 2 if count <= 4 else 4
    return {"grid": {"max_columns": columns, "max_rows": columns, "video_sources": ["*"]}}


def run_roomcast(files: list[Path], out: Path) -> tuple[float, float, int]:
    """Wall seconds of a child process that composes the files, the seconds its compose
    call took (no interpreter start-up), and its peak RSS in bytes. The child reports its
    own VmHWM: a fork's rusage would count the parent's pages."""
    spec = json.dumps({"files": [str(f) for f in files], "out": str(out)})
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.compose", "--child", spec],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, float(report["compose_seconds"]), int(report["peak_rss"])


def child(spec_text: str) -> None:
    from roomcast.bootstrap import local_composer
    from roomcast.core.layout.model import Canvas, layout_from_mapping
    from roomcast.services.composing import CompositionSpec, TrackFile

    spec = json.loads(spec_text)
    files = [TrackFile(f"track-{i:02d}", path) for i, path in enumerate(spec["files"])]
    layout = layout_from_mapping(grid_layout(len(files)), ["*"])
    started = time.perf_counter()
    local_composer().compose(files, CompositionSpec(layout, Canvas(1280, 720)), spec["out"])
    seconds = time.perf_counter() - started
    status = Path("/proc/self/status").read_text()
    peak_kb = int(status.split("VmHWM:")[1].split()[0])
    print(json.dumps({"peak_rss": peak_kb * 1024, "compose_seconds": seconds}))


def run_ffmpeg(files: list[Path], out: Path) -> float:
    # The same geometry as roomcast's 2x2 grid: 638x358 cells; 4:3 fits as 476x358.
    scale = "fps=25,scale=476:358,pad=640:360:82:1"
    chains = ";".join(f"[{i}:v]{scale}[v{i}]" for i in range(len(files)))
    stack = "".join(f"[v{i}]" for i in range(len(files)))
    audio = "".join(f"[{i}:a]" for i in range(len(files)))
    graph = (
        f"{chains};{stack}xstack=inputs=4:layout=0_0|w0_0|0_h0|w0_h0[v];"
        f"{audio}amix=inputs={len(files)}[a]"
    )
    command = ["ffmpeg", "-v", "error", "-y"]
    for f in files:
        command += ["-i", str(f)]
    command += ["-filter_complex", graph, "-map", "[v]", "-map", "[a]", "-c:v", "libx264",
                "-preset", "veryfast", "-crf", "23", "-c:a", "aac", str(out)]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def decode_only(files: list[Path]) -> float:
    started = time.perf_counter()
    for f in files:
        with av.open(str(f)) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for _ in container.decode(stream):
                pass
    return time.perf_counter() - started


def encode_only(composed: Path, scratch: Path) -> float:
    with av.open(str(composed)) as container:
        frames = list(container.decode(container.streams.video[0]))
    started = time.perf_counter()
    with av.open(str(scratch), "w") as out:
        stream = out.add_stream("libx264", rate=25, options={"preset": "veryfast", "crf": "23"})
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        stream.codec_context.thread_count = 0
        for index, frame in enumerate(frames):
            frame.pts, frame.time_base = index, Fraction(1, 25)
            frame.pict_type = av.video.frame.PictureType.NONE
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, best one kept")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if shutil.which("ffmpeg") is None:
        raise SystemExit(
            "Debian's ffmpeg is needed: apt-get install ffmpeg (scripts/bench does it)"
        )
    work = CACHE / "out"
    work.mkdir(parents=True, exist_ok=True)
    seconds = args.seconds
    four, sixteen = inputs(seconds, 4), inputs(seconds, 16)
    print(f"R1: {len(four)} x 640x480 VP8/Opus, {seconds:.0f} s -> 1280x720 H.264/AAC 2x2 grid")
    print(f"{args.rounds} rounds, interleaved; each figure is the best of its rounds\n")

    times: dict[str, list[float]] = {}
    rss4 = rss16 = 0
    for _ in range(args.rounds):
        ours, ours_inner, rss4 = run_roomcast(four, work / "roomcast.mp4")
        theirs = run_ffmpeg(four, work / "ffmpeg.mp4")
        decode = decode_only(four)
        encode = encode_only(work / "ffmpeg.mp4", work / "encode-only.mp4")
        many, many_inner, rss16 = run_roomcast(sixteen, work / "roomcast16.mp4")
        for name, value in [("ours", ours), ("ours_inner", ours_inner), ("ffmpeg", theirs),
                            ("decode", decode), ("encode", encode), ("bound", decode + encode),
                            ("sixteen", many), ("sixteen_inner", many_inner)]:  # fmt: skip
            times.setdefault(name, []).append(value)
    _, _, rss16_half = run_roomcast(inputs(seconds / 2, 16), work / "roomcast16-half.mp4")

    best = {name: min(values) for name, values in times.items()}

    def spread(name: str) -> str:
        return f"{best[name]:.2f} s  (rounds: {', '.join(f'{v:.2f}' for v in times[name])})"

    rows = [
        ("roomcast, 4 tracks", spread("ours"), f"{seconds / best['ours']:.1f}x real time"),
        ("  of which compose()", spread("ours_inner"), ""),
        ("ffmpeg CLI", spread("ffmpeg"), ""),
        ("bound: decode only", spread("decode"), ""),
        ("bound: encode only", spread("encode"), ""),
        ("roomcast, 16 tracks", spread("sixteen"), ""),
    ]
    for name, value, note in rows:
        print(f"  {name:<22} {value}  {note}")
    ours, bound = best["ours"], best["bound"]
    print(f"  ratio roomcast / ffmpeg CLI      {ours / best['ffmpeg']:.3f}   (target <= 0.75)")
    print(f"  ratio roomcast / bound           {ours / bound:.3f}   (target <= 1.25)")
    print(
        f"  ratio compose() / bound          {best['ours_inner'] / bound:.3f}   (both in-process)"
    )
    print(f"  ratio 16 tracks / 4 tracks       {best['sixteen'] / ours:.3f}   (target <= 1.5)")
    print(f"  peak RSS, 4 tracks               {rss4 / 2**20:.0f} MB")
    print(f"  peak RSS, 16 tracks              {rss16 / 2**20:.0f} MB   (target <= 500)")
    growth = rss16 / rss16_half
    print(
        f"  peak RSS, 16 tracks, half length {rss16_half / 2**20:.0f} MB   (growth {growth:.2f}x)"
    )


if __name__ == "__main__":
    main()
