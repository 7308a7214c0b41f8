"""Telnyx Video dialect, under /v2."""
