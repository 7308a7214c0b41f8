"""Twilio's paging: PageSize/Page/PageToken in, a `meta` block with absolute URLs out."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from roomcast.core.errors import InvalidInput

# Offsets must fit a database's 64-bit integers, with room to spare.
MAX_PAGE = 10_000_000


@dataclass(frozen=True)
class PageRequest:
    size: int
    number: int

    @property
    def offset(self) -> int:
        return self.size * self.number

    @classmethod
    def parse(cls, size: int, page: int, token: str | None) -> PageRequest:
        if not 1 <= size <= 100:
            raise InvalidInput("PageSize", "PageSize must be between 1 and 100")
        if not 0 <= page <= MAX_PAGE:
            raise InvalidInput("Page", f"Page must be between 0 and {MAX_PAGE}")
        if token is not None:
            # The token is what we handed out: it carries the page to start from.
            try:
                page = int(
                    base64.urlsafe_b64decode(token.encode() + b"==").decode().removeprefix("p")
                )
            except (ValueError, UnicodeDecodeError):
                raise InvalidInput("PageToken", "PageToken is not one this API gave out") from None
            if not 0 <= page <= MAX_PAGE:
                raise InvalidInput("PageToken", "PageToken is not one this API gave out")
        return cls(size, page)


def token_for(page: int) -> str:
    return base64.urlsafe_b64encode(f"p{page}".encode()).decode().rstrip("=")


def page_body(
    key: str,
    items: list[dict[str, Any]],
    *,
    has_more: bool,
    page: PageRequest,
    url: str,
    filters: list[tuple[str, str]],
) -> dict[str, Any]:
    def link(number: int, with_token: bool) -> str:
        query = [*filters, ("PageSize", str(page.size)), ("Page", str(number))]
        if with_token:
            query.append(("PageToken", token_for(number)))
        return f"{url}?{urlencode(query)}"

    return {
        key: items,
        "meta": {
            "page": page.number,
            "page_size": page.size,
            "first_page_url": link(0, False),
            "previous_page_url": link(page.number - 1, True) if page.number > 0 else None,
            "url": link(page.number, False),
            "next_page_url": link(page.number + 1, True) if has_more else None,
            "key": key,
        },
    }
