"""Grid geometry: how many rows and columns, where each cell lies, how video fits in it."""

from __future__ import annotations

import math

from roomcast.core.layout.model import Canvas, Rect


def grid_shape(max_rows: int | None, max_columns: int | None, cells: int) -> tuple[int, int]:
    """(rows, columns) for `cells` cells; a limit of None is unlimited. Past the limits the
    grid is capped, and reuse decides what shows."""
    rows_cap, cols_cap = max_rows or 0, max_columns or 0
    if not rows_cap and not cols_cap:
        cols = max(1, math.ceil(math.sqrt(cells)))
        rows = max(1, cols - 1)
        if rows * cols < cells:
            rows += 1
        return rows, cols
    if cols_cap and (not rows_cap or cols_cap <= rows_cap):
        cols = max(1, min(cells, cols_cap))
        rows = max(1, math.ceil(cells / cols_cap))
        return (min(rows, rows_cap) if rows_cap else rows), cols
    rows = max(1, min(cells, rows_cap))
    cols = max(1, math.ceil(cells / rows_cap))
    return rows, (min(cols, cols_cap) if cols_cap else cols)


def cell_rects(region: Rect, rows: int, cols: int, border: int, canvas: Canvas) -> list[Rect]:
    """Cells in row-major order. Borders separate cells; an outer border is kept only on an
    axis where the region is smaller than the canvas. All sizes are even."""
    cell_w, left, gap_x = _axis(region.width, cols, border, region.width != canvas.width)
    cell_h, top, gap_y = _axis(region.height, rows, border, region.height != canvas.height)
    return [
        Rect(
            region.x + left + col * (cell_w + gap_x),
            region.y + top + row * (cell_h + gap_y),
            cell_w,
            cell_h,
        )
        for row in range(rows)
        for col in range(cols)
    ]


def _axis(size: int, count: int, border: int, outer: bool) -> tuple[int, int, int]:
    """Cell size, leading offset and the border kept between cells, along one axis."""
    usable = size - (2 * border if outer else 0)
    cell = _even((usable - border * (count - 1)) // count)
    if cell < 2:
        # Too many cells for the borders: they go, so the cells keep what room there is.
        border, usable = 0, size
        cell = max(2, _even(usable // count))
    offset = _even((size - (cell * count + border * (count - 1))) // 2)
    return cell, max(0, offset), border


def fit(cell: Rect, source_width: int, source_height: int) -> Rect:
    """The source scaled to fit inside the cell, aspect kept, centred, never cropped."""
    ratio = min(cell.width / source_width, cell.height / source_height)
    width = max(2, _even(math.floor(source_width * ratio)))
    height = max(2, _even(math.floor(source_height * ratio)))
    return Rect(
        cell.x + _even((cell.width - width) // 2),
        cell.y + _even((cell.height - height) // 2),
        width,
        height,
    )


def _even(value: int) -> int:
    return value - value % 2
