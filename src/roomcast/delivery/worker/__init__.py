"""Job workers: the in-process one, and what runs in its process pool."""
