"""Configuration. The only module that reads the environment (prefix ROOMCAST_)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROOMCAST_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/roomcast.db"
    data_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = 8080
    # What a client is told to use as the base of the dialect URLs it prints.
    public_url: str = "http://127.0.0.1:8080"
    max_body_bytes: int = 1_048_576
    # Track uploads stream to disk instead; they must declare their length up front.
    max_upload_bytes: int = 4 * 1024**3
    render_processes: int = 1
    worker_poll_seconds: float = 0.5
    # Webhook retries wait this long, doubling each time (5 attempts in all).
    webhook_backoff_seconds: float = 2.0
    # If set, webhooks go only to these hosts (e.g. ["127.0.0.1", "localhost"]).
    webhook_allowed_hosts: list[str] | None = None
    log_level: str = "INFO"
    log_json: bool = True
