"""Local-disk blob store: objects are files under one root, written by rename only."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from roomcast.core.errors import NotFound
from roomcast.core.storage import check_key


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._scratch = self.root / ".scratch"
        self._scratch.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root) or path.is_relative_to(self._scratch):
            raise NotFound("object", key)  # pragma: no cover - check_key already refuses
        return path

    def scratch_path(self, suffix: str) -> str:
        return str(self._scratch / f"{uuid.uuid4().hex}{suffix}")

    def put_file(self, key: str, local_path: str) -> int:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        source = Path(local_path)
        if source.resolve().parent == self._scratch:
            os.replace(source, target)  # same disk: the object appears whole or not at all
        else:
            part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
            try:
                shutil.copyfile(source, part)
                os.replace(part, target)
            finally:
                part.unlink(missing_ok=True)
        return target.stat().st_size

    def local_path(self, key: str) -> str:
        path = self._path(key)
        if not path.is_file():
            raise NotFound("object", key)
        return str(path)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def discard_scratch(self, local_path: str) -> None:
        path = Path(local_path).resolve()
        if path.parent == self._scratch:
            path.unlink(missing_ok=True)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
