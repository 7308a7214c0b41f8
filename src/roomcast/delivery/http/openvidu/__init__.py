"""OpenVidu Meet dialect, under /meet/api/v1."""
