"""Identifiers. Every object has one UUID; each dialect derives its own spelling from it."""

from __future__ import annotations

import secrets
import uuid

SHORT_ID_HEX = 24


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def short_id(ident: uuid.UUID) -> str:
    """24 hex digits: the id form of APIs that use Mongo-style object ids."""
    return ident.hex[:SHORT_ID_HEX]


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def new_hex(nbytes: int = 16) -> str:
    return secrets.token_hex(nbytes)
