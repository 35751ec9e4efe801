"""Two file-system moves the pipeline makes in several places, written once."""
from __future__ import annotations

import contextlib
import fcntl
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
