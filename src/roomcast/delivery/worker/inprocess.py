"""The embedded worker: a thread that feeds queued compositions to a process pool.

The durable state of every job is its row; this worker only notices rows. At start it puts
back the jobs that a crash left processing, so nothing is lost."""

from __future__ import annotations

import logging
import multiprocessing
import threading
import uuid
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import timedelta

from roomcast.bootstrap import Container, build_container
from roomcast.config import Settings
from roomcast.delivery.http.telnyx import webhooks as telnyx_webhooks
from roomcast.delivery.http.twilio import webhooks as twilio_webhooks
from roomcast.services.webhooks import WebhookDispatcher, WebhookRenderer

log = logging.getLogger("roomcast.worker")
# Each dialect renders and signs its own webhooks.
RENDERERS: dict[str, WebhookRenderer] = {
    "twilio": twilio_webhooks.render,
    "telnyx": telnyx_webhooks.render,
}


def run_composition(settings_json: str, composition_id: str) -> str | None:
    """Runs in a pool process: its own engine, its own transactions."""
    container = build_container(Settings.model_validate_json(settings_json))
    try:
        status = container.composition_runner().run(uuid.UUID(composition_id))
        return None if status is None else status.value
    finally:
        container.engine.dispose()


class InProcessWorker:
    def __init__(self, container: Container, processes: int = 1, poll_seconds: float = 0.5):
        self._container = container
        self._settings_json = container.settings.model_dump_json()
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._in_flight: set[uuid.UUID] = set()
        self._lock = threading.Lock()
        # spawn, not fork: the parent runs threads (uvicorn, this one), and forking them
        # copies locks in whatever state they happen to be.
        self._pool = ProcessPoolExecutor(
            max_workers=processes, mp_context=multiprocessing.get_context("spawn")
        )
        self._thread = threading.Thread(target=self._loop, name="worker", daemon=True)
        self._webhooks = WebhookDispatcher(
            container.transaction,
            container.services,
            container.webhook_sender(),
            RENDERERS,
            container.clock,
            public_url=container.settings.public_url,
            backoff_base=timedelta(seconds=container.settings.webhook_backoff_seconds),
        )
        self._sender_thread = threading.Thread(target=self._send_loop, name="webhooks", daemon=True)

    def start(self) -> int:
        requeued = self._container.composition_runner().requeue_stale()
        if requeued:
            log.info("worker.requeued", extra={"fields": {"count": requeued}})
        self._container.wake_worker = self.wake
        self._thread.start()
        self._sender_thread.start()
        return requeued

    def wake(self) -> None:
        self._wake.set()

    @property
    def busy(self) -> bool:
        """Whether a composition is rendering now."""
        with self._lock:
            return bool(self._in_flight)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()
        self._sender_thread.join()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _loop(self) -> None:
        runner = self._container.composition_runner()
        while not self._stop.is_set():
            try:
                for composition_id in runner.pending():
                    self._submit(composition_id)
            except Exception:  # a database hiccup must not kill the worker
                log.exception("worker.poll_failed")
            self._wake.wait(self._poll)
            self._wake.clear()

    def _send_loop(self) -> None:
        while not self._stop.is_set():
            try:
                if self._webhooks.deliver_due():
                    continue  # more may be due at once
            except Exception:
                log.exception("worker.webhooks_failed")
            self._stop.wait(self._poll)

    def _submit(self, composition_id: uuid.UUID) -> None:
        with self._lock:
            if composition_id in self._in_flight:
                return
            self._in_flight.add(composition_id)
        future = self._pool.submit(run_composition, self._settings_json, str(composition_id))
        future.add_done_callback(lambda f: self._done(composition_id, f))

    def _done(self, composition_id: uuid.UUID, future: Future[str | None]) -> None:
        with self._lock:
            self._in_flight.discard(composition_id)
        if future.exception() is not None:
            log.error(
                "worker.job_crashed",
                extra={"fields": {"id": str(composition_id), "error": repr(future.exception())}},
            )
        self._wake.set()
