"""A PNG of one moment of a plan: cells outlined, each source in its own colour and named."""

from __future__ import annotations

import colorsys
import uuid
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from roomcast.core.errors import MediaError
from roomcast.core.timeline.model import Plan

REGION_BACKGROUND = (24, 24, 24)


class OpenCvPreviewPainter:
    def paint(self, plan: Plan, at: float, out: str) -> None:
        picture = np.zeros((plan.canvas.height, plan.canvas.width, 3), dtype=np.uint8)
        segment = plan.segment_at(at)
        placements = segment.placements if segment else ()
        colours = _palette(sorted(plan.video_tracks))
        for placement in placements:
            r = placement.rect
            if placement.track is None:
                picture[r.y : r.bottom, r.x : r.right] = REGION_BACKGROUND
                continue
            picture[r.y : r.bottom, r.x : r.right] = colours[placement.track]
            cv2.rectangle(picture, (r.x, r.y), (r.right - 1, r.bottom - 1), (255, 255, 255), 1)
            scale = max(0.3, min(1.0, r.width / 320))
            cv2.putText(
                picture, placement.track, (r.x + 4, r.y + int(20 * scale) + 2),
                cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 1, cv2.LINE_AA,
            )  # fmt: skip
        _write_png(Path(out), picture)


def _palette(names: list[str]) -> dict[str, tuple[int, int, int]]:
    result = {}
    for i, name in enumerate(names):
        r, g, b = colorsys.hsv_to_rgb(i / max(1, len(names)), 0.6, 0.75)
        result[name] = (int(b * 255), int(g * 255), int(r * 255))  # OpenCV is BGR
    return result


def _write_png(path: Path, picture: npt.NDArray[np.uint8]) -> None:
    ok, encoded = cv2.imencode(".png", picture)
    if not ok:
        raise MediaError(str(path), "cannot encode the preview")
    part = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        part.write_bytes(encoded.tobytes())
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
