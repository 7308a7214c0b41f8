"""How each dialect renders errors. The app routes an error to the dialect owning the path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError

from roomcast.core.errors import RoomcastError


class ErrorRenderer(Protocol):
    def domain_error(self, error: RoomcastError) -> Response: ...
    def invalid_request(self, error: RequestValidationError, path: str) -> Response: ...
    def http_error(self, status_code: int, detail: str) -> Response: ...


@dataclass(frozen=True)
class DialectMount:
    prefix: str
    renderer: ErrorRenderer


class DialectRegistry:
    def __init__(self, mounts: Sequence[DialectMount]) -> None:
        # Longest prefix first, so a nested prefix wins over its parent.
        self._mounts = sorted(mounts, key=lambda m: len(m.prefix), reverse=True)

    def renderer_for(self, path: str) -> ErrorRenderer | None:
        for mount in self._mounts:
            if path == mount.prefix or path.startswith(mount.prefix + "/"):
                return mount.renderer
        return None

    def renderer_for_request(self, request: Request) -> ErrorRenderer | None:
        return self.renderer_for(request.url.path)
