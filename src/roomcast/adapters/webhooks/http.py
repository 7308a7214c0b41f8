"""Sends one webhook request with httpx; transport failures come back as text, not raised."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from urllib.parse import urlsplit

import httpx


class HttpxWebhookSender:
    def __init__(self, allowed_hosts: Collection[str] | None = None) -> None:
        # None allows any host. The check is on the URL's text, before any DNS look-up.
        self._allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    def send(
        self, url: str, method: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> tuple[int | None, str | None]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None, "not an absolute http(s) URL"
        if self._allowed is not None and parts.hostname.lower() not in self._allowed:
            return None, f"host {parts.hostname!r} is not allowed (ROOMCAST_WEBHOOK_ALLOWED_HOSTS)"
        try:
            if method == "GET":
                response = httpx.get(url, headers=dict(headers), timeout=timeout)
            else:
                response = httpx.post(url, content=body, headers=dict(headers), timeout=timeout)
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500]
        return response.status_code, None
