"""Implementations of the ports: the only place third-party I/O libraries are used."""
