"""Running a composition job: claim it, render it, store the result. Runs in a worker
process, in short transactions of its own, so progress is visible while it renders."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from roomcast.core.compositions import Composition, CompositionStatus
from roomcast.core.errors import Conflict, RoomcastError
from roomcast.core.media import RenderOptions, RenderResult
from roomcast.core.ports import BlobStore, Clock, Renderer
from roomcast.core.storage import composition_key
from roomcast.services.composing import PlannedComposition
from roomcast.services.compositions import plan_composition
from roomcast.services.context import Repositories
from roomcast.services.webhooks import enqueue

Transaction = Callable[[], AbstractContextManager[Repositories]]
log = logging.getLogger("roomcast.jobs")
PROGRESS_EVERY = timedelta(seconds=0.5)


class Cancelled(Conflict):
    """The composition was deleted while it rendered."""


class CompositionRunner:
    def __init__(
        self, transaction: Transaction, renderer: Renderer, storage: BlobStore, clock: Clock
    ) -> None:
        self._tx = transaction
        self._renderer = renderer
        self._storage = storage
        self._clock = clock

    def requeue_stale(self) -> int:
        """Jobs left processing by a crash go back to the queue. Call once, at start-up,
        before any job runs."""
        with self._tx() as repos:
            stale = repos.compositions.with_status(CompositionStatus.PROCESSING, limit=10_000)
            for composition in stale:
                repos.compositions.save_if(composition.requeue(), CompositionStatus.PROCESSING)
        return len(stale)

    def pending(self, limit: int = 100) -> list[uuid.UUID]:
        with self._tx() as repos:
            return [c.id for c in repos.compositions.with_status(CompositionStatus.ENQUEUED, limit)]

    def run(self, composition_id: uuid.UUID) -> CompositionStatus | None:
        claimed = self._claim(composition_id)
        if claimed is None:
            return None  # gone, or another worker has it
        composition, planned = claimed
        scratch = self._storage.scratch_path(f".{composition.format.value}")
        try:
            sources = {k: self._storage.local_path(v) for k, v in planned.sources.items()}
            result = self._renderer.render(
                planned.plan,
                sources,
                scratch,
                RenderOptions(format=composition.format),
                progress=self._reporter(composition.id),
            )
            return self._finish(composition, result, scratch)
        except Cancelled:
            return CompositionStatus.DELETED
        except RoomcastError as exc:
            return self._fail(composition.id, exc.message)
        except Exception:
            log.exception("jobs.composition.crashed", extra={"fields": {"id": str(composition_id)}})
            return self._fail(composition.id, "internal error while rendering")
        finally:
            self._storage.discard_scratch(scratch)

    def _claim(self, composition_id: uuid.UUID) -> tuple[Composition, PlannedComposition] | None:
        with self._tx() as repos:
            found = repos.compositions.get_any(composition_id)
            if found is None or found.status is not CompositionStatus.ENQUEUED:
                return None
            started = found.start(self._clock.now())
            if not repos.compositions.save_if(started, CompositionStatus.ENQUEUED):
                return None
            _event(repos, started, "composition.started", self._clock.now())
            try:
                planned = plan_composition(repos, started)
            except RoomcastError as exc:
                failed = started.fail(exc.message, self._clock.now())
                repos.compositions.save_if(failed, CompositionStatus.PROCESSING)
                _event(repos, failed, "composition.failed", self._clock.now())
                return None
        return started, planned

    def _reporter(self, composition_id: uuid.UUID) -> Callable[[float, float], None]:
        last = [self._clock.now() - PROGRESS_EVERY]

        def report(done: float, total: float) -> None:
            now = self._clock.now()
            if now - last[0] < PROGRESS_EVERY and done < total:
                return
            last[0] = now
            with self._tx() as repos:
                current = repos.compositions.get_any(composition_id)
                if current is None or current.status is not CompositionStatus.PROCESSING:
                    raise Cancelled("the composition was deleted")
                updated = current.report(done, total, now)
                if not repos.compositions.save_if(updated, CompositionStatus.PROCESSING):
                    raise Cancelled("the composition was deleted")
                # A progress event for each tenth done, not for every report.
                if int(updated.progress * 10) > int(current.progress * 10) and done < total:
                    _event(repos, updated, "composition.progress", now)

        return report

    def _finish(
        self, composition: Composition, result: RenderResult, scratch: str
    ) -> CompositionStatus:
        key = composition_key(composition.account_id, composition.id, composition.format.value)
        with self._tx() as repos:
            current = repos.compositions.get_any(composition.id)
            if current is None or current.status is not CompositionStatus.PROCESSING:
                return CompositionStatus.DELETED
            self._storage.put_file(key, scratch)
            completed = current.complete(result, key, self._clock.now())
            if not repos.compositions.save_if(completed, CompositionStatus.PROCESSING):
                self._storage.delete(key)  # deleted while it was being stored
                return CompositionStatus.DELETED
            _event(repos, completed, "composition.available", self._clock.now())
        return CompositionStatus.COMPLETED

    def _fail(self, composition_id: uuid.UUID, message: str) -> CompositionStatus:
        with self._tx() as repos:
            current = repos.compositions.get_any(composition_id)
            if current is not None and current.status is CompositionStatus.PROCESSING:
                failed = current.fail(message, self._clock.now())
                if repos.compositions.save_if(failed, CompositionStatus.PROCESSING):
                    _event(repos, failed, "composition.failed", self._clock.now())
        return CompositionStatus.FAILED


def _event(repos: Repositories, composition: Composition, event: str, now: datetime) -> None:
    enqueue(
        repos,
        composition.account_id,
        composition.callback,
        event,
        data=composition.event_data(),
        now=now,
    )
