"""Entry points: HTTP, CLI and workers. They call services, never adapters."""
