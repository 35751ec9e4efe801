"""Two file-system moves the pipeline makes in several places, written once."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from pathlib import Path


@contextlib.contextmanager
def file_lock(lock_path: Path):
    """An exclusive advisory lock (one writer of the manifest, the watermarks…) held for the block."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def swap_dir(building: Path, final: Path) -> None:
    """Replace the folder `final` by `building` with two renames, so readers never see half of it."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(building, final)
    shutil.rmtree(old, ignore_errors=True)


def read_jsonl(path: Path) -> list[dict]:
    """The objects of an append-only JSON-lines file; a torn last line (a crash mid-append) is skipped."""
    out: list[dict] = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out
