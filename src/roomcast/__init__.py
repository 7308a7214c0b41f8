"""roomcast: self-hosted video rooms that speak four vendors\x27 APIs."""
