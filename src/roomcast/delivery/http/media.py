"""Serving media through an expiring signed link, for every dialect's download URLs."""

from __future__ import annotations

from fastapi.responses import FileResponse

from roomcast.bootstrap import Services

_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}


def serve_signed(token: str, services: Services) -> FileResponse:
    """The file itself, honouring HTTP Range, until the link expires."""
    path = services.media_links.resolve(token)
    media_type = _TYPES.get(path.rsplit(".", 1)[-1], "application/octet-stream")
    return FileResponse(path, media_type=media_type)
