"""Recordings in, compositions out, through the native API and a real worker."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from roomcast.bootstrap import Container
from roomcast.delivery.worker.inprocess import InProcessWorker
from tests.api.conftest import API, bearer
from tests.fixtures.accounts import AccountKeys
from tests.fixtures.media import (
    BLUE,
    GREEN,
    RED,
    YELLOW,
    audio_samples,
    colour_near,
    frame_at,
    tones,
)

GRID = {"grid": {"video_sources": ["*"]}}


def _room(native: httpx.Client) -> str:
    response = native.post("/rooms", json={"name": "Class"})
    assert response.status_code == 201, response.text
    room_id: str = response.json()["id"]
    return room_id


def _upload(
    native: httpx.Client, room_id: str, name: str, path: Path, **form: Any
) -> list[dict[str, Any]]:
    with path.open("rb") as f:
        response = native.post(
            f"/rooms/{room_id}/recordings",
            files={"file": (path.name, f, "video/webm")},
            data={"name": name, **{k: str(v) for k, v in form.items()}},
        )
    assert response.status_code == 201, response.text
    recordings: list[dict[str, Any]] = response.json()
    return recordings


def _wait(native: httpx.Client, composition_id: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    seen: list[float] = []
    while time.monotonic() < deadline:
        body: dict[str, Any] = native.get(f"/compositions/{composition_id}").json()
        seen.append(body["progress"])
        if body["status"] in ("completed", "failed", "deleted"):
            assert seen == sorted(seen), "progress went backwards"
            return body
        time.sleep(0.1)
    raise AssertionError(f"composition still {body['status']} after {timeout}s")


def _run_here_or_wait(
    native: httpx.Client, container: Container, composition_id: str
) -> dict[str, Any]:
    """Run the job in this process; if the session's worker claimed it first, wait for it."""
    import uuid

    container.composition_runner().run(uuid.UUID(composition_id))
    return _wait(native, composition_id)


def _four_track_session(native: httpx.Client, clips: dict[str, Path]) -> tuple[str, str]:
    room_id = _room(native)
    first = _upload(native, room_id, "alice", clips["alice"], participant="p-alice")
    session = first[0]["session_id"]
    for i, name in enumerate(["bob", "carol", "dave"], start=1):
        _upload(native, room_id, name, clips[name], offset=i * 0.25, session_id=session)
    return room_id, session


def test_imported_tracks_compose_into_a_checked_file(
    native: httpx.Client, clips: dict[str, Path], worker: InProcessWorker, tmp_path: Path
) -> None:
    room_id, _ = _four_track_session(native, clips)
    listed = native.get(f"/rooms/{room_id}/recordings").json()
    assert isinstance(listed, list), listed
    assert sorted((r["name"], r["kind"]) for r in listed) == sorted(
        (n, k) for n in ["alice", "bob", "carol", "dave"] for k in ["audio", "video"]
    )
    assert {r["offset"] for r in listed if r["name"] == "carol"} == {0.5}

    created = native.post(
        "/compositions",
        json={"room_id": room_id, "video_layout": GRID, "audio_sources": ["*"],
              "resolution": "320x240", "format": "mp4"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "enqueued"
    assert created.json()["video_layout"]["grid"]["reuse"] == "show_oldest"
    done = _wait(native, created.json()["id"])
    assert done["status"] == "completed", done
    assert done["progress"] == 1.0
    assert done["duration"] == pytest.approx(2.24, abs=0.1)
    assert done["size"] > 0 and done["bitrate"] > 0

    media = native.get(done["media_url"].removeprefix(API))
    assert media.status_code == 200
    assert media.headers["content-type"] == "video/mp4"
    out = tmp_path / "out.mp4"
    out.write_bytes(media.content)
    picture = frame_at(out, 1.2)
    for (x, y), colour in zip(
        [(80, 60), (240, 60), (80, 180), (240, 180)], [RED, GREEN, BLUE, YELLOW], strict=True
    ):
        assert colour_near(picture, x, y, colour), (x, y)
    assert tones(audio_samples(out), 0.9, 1.4) == {440, 660, 880, 1100}

    partial = native.get(done["media_url"].removeprefix(API), headers={"Range": "bytes=0-99"})
    assert partial.status_code == 206
    assert partial.content == media.content[:100]


def test_delete_removes_the_media(
    native: httpx.Client, clips: dict[str, Path], worker: InProcessWorker, container: Container
) -> None:
    room_id = _room(native)
    _upload(native, room_id, "alice", clips["alice"])
    created = native.post(
        "/compositions", json={"room_id": room_id, "audio_sources": ["*"], "format": "webm"}
    ).json()
    done = _wait(native, created["id"])
    assert done["status"] == "completed"
    media_files = list(
        (container.settings.data_dir / "media").rglob(f"{created['id'].replace('-', '')}.webm")
    )
    assert len(media_files) == 1

    assert native.delete(f"/compositions/{created['id']}").status_code == 204
    assert native.get(f"/compositions/{created['id']}").json()["status"] == "deleted"
    assert native.get(f"/compositions/{created['id']}/media").status_code == 404
    assert not media_files[0].exists()


def test_a_broken_recording_fails_the_job_with_a_reason(
    native: httpx.Client, clips: dict[str, Path], container: Container
) -> None:
    room_id = _room(native)
    recording = _upload(native, room_id, "alice", clips["alice"])[0]
    stored = next(
        (container.settings.data_dir / "media").rglob(f"{recording['id'].replace('-', '')}.webm")
    )
    stored.write_bytes(b"\x1aE\xdf\xa3" + b"rotten" * 100)  # storage rot after import
    created = native.post("/compositions", json={"room_id": room_id, "video_layout": GRID}).json()

    body = _run_here_or_wait(native, container, created["id"])
    assert body["status"] == "failed"
    assert "cannot be" in body["error"]
    leftovers = list(
        (container.settings.data_dir / "media").rglob(f"*{created['id'].replace('-', '')}*")
    )
    assert leftovers == []


def test_a_job_left_processing_by_a_crash_is_requeued_and_finished(
    native: httpx.Client, clips: dict[str, Path], container: Container
) -> None:
    import uuid

    room_id = _room(native)
    _upload(native, room_id, "alice", clips["alice"])
    created = native.post("/compositions", json={"room_id": room_id, "audio_sources": ["*"]}).json()
    composition_id = uuid.UUID(created["id"])
    runner = container.composition_runner()
    with container.transaction() as repos:  # a worker claimed it, then the machine died
        claimed = repos.compositions.get_any(composition_id)
        assert claimed is not None
        repos.compositions.save(
            claimed.start(container.clock.now()).report(1, 2, container.clock.now())
        )
    assert native.get(f"/compositions/{created['id']}").json()["status"] == "processing"

    assert runner.requeue_stale() >= 1
    body = _run_here_or_wait(native, container, created["id"])
    assert body["status"] == "completed"
    with container.transaction() as repos:
        found = repos.compositions.get_any(composition_id)
        assert found is not None and found.attempts == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"video_layout": {"g": {"z_pos": 100, "video_sources": ["*"]}}}, "z_pos"),
        ({"video_layout": GRID, "resolution": "8000x10"}, "resolution"),
        ({"video_layout": GRID, "format": "avi"}, "format"),
        ({"video_layout": {"g": {"video_sources": ["nobody"]}}}, "no track matches"),
        ({}, "video_layout"),
    ],
)
def test_bad_compositions_are_refused_and_nothing_is_queued(
    native: httpx.Client, clips: dict[str, Path], body: dict[str, Any], field: str
) -> None:
    room_id = _room(native)
    _upload(native, room_id, "alice", clips["alice"])
    response = native.post("/compositions", json={"room_id": room_id, **body})
    assert response.status_code == 422, response.text
    assert (
        field in response.json()["error"]["message"] or field == response.json()["error"]["field"]
    )
    assert native.get("/compositions").json() == []


def test_uploads_are_validated(native: httpx.Client, tmp_path: Path) -> None:
    room_id = _room(native)
    junk = tmp_path / "junk.webm"
    junk.write_bytes(b"not media at all")
    with junk.open("rb") as f:
        response = native.post(
            f"/rooms/{room_id}/recordings", files={"file": ("junk.webm", f)}, data={"name": "x"}
        )
    assert response.status_code == 422
    assert "cannot be read" in response.json()["error"]["message"]
    assert native.get(f"/rooms/{room_id}/recordings").json() == []
    assert not list((tmp_path.parent).rglob(".scratch/*"))


def test_another_account_sees_nothing(
    native: httpx.Client, clips: dict[str, Path], base_url: str, other_account: AccountKeys
) -> None:
    room_id = _room(native)
    _upload(native, room_id, "alice", clips["alice"])
    created = native.post("/compositions", json={"room_id": room_id, "audio_sources": ["*"]}).json()
    with httpx.Client(base_url=base_url + API, headers=bearer(other_account)) as other:
        assert other.get(f"/rooms/{room_id}/recordings").status_code == 404
        assert other.get(f"/compositions/{created['id']}").status_code == 404
        assert other.get(f"/compositions/{created['id']}/media").status_code == 404
        assert other.delete(f"/compositions/{created['id']}").status_code == 404
        assert other.get("/compositions").json() == []
        refused = other.post("/compositions", json={"room_id": room_id, "audio_sources": ["*"]})
        assert refused.status_code == 404
    assert httpx.get(f"{base_url}{API}/compositions").status_code == 401
