"""EnableX Video Server API v2 dialect, under /video/v2."""
