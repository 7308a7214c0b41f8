"""Refuses request bodies over the limit before any handler sees them."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from roomcast.core.errors import PayloadTooLarge
from roomcast.delivery.http.dialects import DialectRegistry
from roomcast.delivery.http.native.errors import native_renderer


class BodyLimitMiddleware:
    """Buffers at most `limit` bytes of a body; past that it answers 413 in the dialect's
    own error shape. Bodies here are small JSON or form documents, so buffering is cheap."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        registry: DialectRegistry,
        uploads: re.Pattern[str] | None = None,
        upload_limit: int = 0,
    ) -> None:
        self.app = app
        self.limit = limit
        self.registry = registry
        self.uploads = uploads
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST" and self.uploads and self.uploads.match(scope["path"]):
            await self._stream_upload(scope, receive, send)
            return
        messages: list[Message] = []
        size = 0
        more = True
        while more:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            more = message["type"] == "http.request" and message.get("more_body", False)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _stream_upload(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Uploads pass through unbuffered; their declared length is checked first, and the
        server holds them to it."""
        length = dict(scope["headers"]).get(b"content-length", b"")
        if not length.isdigit() or int(length) > self.upload_limit:
            await self._refuse(scope, receive, send, self.upload_limit)
            return
        await self.app(scope, receive, send)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, limit: int | None = None
    ) -> None:
        renderer = self.registry.renderer_for(scope["path"]) or native_renderer
        response = renderer.domain_error(PayloadTooLarge(limit or self.limit))
        await response(scope, receive, send)


__all__ = ["BodyLimitMiddleware"]
