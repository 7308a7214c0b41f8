"""roomcast's own API: health, joining with a token."""
