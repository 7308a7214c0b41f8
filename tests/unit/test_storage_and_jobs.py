"""Storage keys refuse traversal; compositions move through their states by the rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from roomcast.adapters.storage.local import LocalBlobStore
from roomcast.core.compositions import Composition, CompositionStatus
from roomcast.core.errors import Conflict, InvalidInput
from roomcast.core.media import OutputFormat, RenderResult
from roomcast.core.storage import check_key, composition_key

NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "key",
    ["../etc/passwd", "a/../../b", "/abs/path", "a//b", "a/./b", "", "a/", ".hidden",
     "a\\b", "a/b\x00", "x" * 200, "/".join(["a"] * 17)],
)  # fmt: skip
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInput):
        check_key(key)


def test_good_keys_pass() -> None:
    key = composition_key(uuid.uuid4(), uuid.uuid4(), "mp4")
    assert check_key(key) == key
    assert check_key("a/b-c_d.e") == "a/b-c_d.e"


def test_local_store_writes_whole_files_and_never_leaves_its_root(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "media")
    scratch = Path(store.scratch_path(".bin"))
    scratch.write_bytes(b"12345")
    assert store.put_file("a/b.bin", str(scratch)) == 5
    assert not scratch.exists()
    assert Path(store.local_path("a/b.bin")).read_bytes() == b"12345"
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"x")
    store.put_file("c.bin", str(outside))
    assert outside.exists()  # copied, not moved
    with pytest.raises(InvalidInput):
        store.put_file("../escape.bin", str(outside))
    assert not (tmp_path / "escape.bin").exists()
    store.delete("a/b.bin")
    assert not store.exists("a/b.bin")
    store.discard_scratch(str(outside))  # only scratch files can be discarded
    assert outside.exists()


def _composition() -> Composition:
    return Composition(
        id=uuid.uuid4(), account_id=uuid.uuid4(), room_id=uuid.uuid4(), session_id=uuid.uuid4(),
        video_layout={}, audio_sources=("*",), audio_sources_excluded=(), resolution="640x480",
        format=OutputFormat.MP4, trim=True, created_at=NOW,
    )  # fmt: skip


def test_a_composition_goes_enqueued_processing_completed() -> None:
    started = _composition().start(NOW)
    assert started.status is CompositionStatus.PROCESSING and started.attempts == 1
    halfway = started.report(5, 10, NOW + timedelta(seconds=4))
    assert halfway.progress == 0.5
    assert halfway.eta_seconds == pytest.approx(4.0)
    done = halfway.complete(RenderResult("p", 10.0, 1000, 800, 8.0), "k", NOW)
    assert (done.status, done.progress, done.duration, done.size, done.media_key) == (
        CompositionStatus.COMPLETED, 1.0, 10.0, 1000, "k",
    )  # fmt: skip
    with pytest.raises(Conflict):
        done.start(NOW)


def test_failure_requeue_and_delete() -> None:
    started = _composition().start(NOW)
    assert started.fail("bad media", NOW).error == "bad media"
    again = started.report(3, 10, NOW).requeue()
    assert (again.status, again.progress) == (CompositionStatus.ENQUEUED, 0.0)
    assert again.start(NOW).attempts == 2
    deleted = started.delete(NOW)
    assert deleted.status is CompositionStatus.DELETED and deleted.media_key is None
