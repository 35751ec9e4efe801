"""Two file-system moves the pipeline makes in several places, written once."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from datetime import datetime
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


class RunLocked(RuntimeError):
    """Another run holds the data folder's run lock."""


@contextlib.contextmanager
def run_lock(lock_path: Path, wait_s: float = 0.0, poll_s: float = 0.2):
    """The one-run-at-a-time lock of a data folder (`file_lock`'s fcntl style, but not blocking
    forever): waits up to `wait_s` seconds, then raises RunLocked naming the holder (its pid and
    start time, written into the lock file while it is held). Released when the holder exits,
    however it exits (the kernel drops the lock with the process)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+", encoding="utf-8") as fh:  # not "w": the holder's line stays readable
        deadline = time.monotonic() + max(0.0, wait_s)
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    try:
                        holder = json.loads(fh.read() or "{}")
                    except json.JSONDecodeError:
                        holder = {}
                    waited = f"; đã chờ {wait_s:g} giây" if wait_s > 0 else ""
                    raise RunLocked(
                        f"đang có một lần chạy khác (pid {holder.get('pid', '?')}, từ "
                        f"{holder.get('started_at', '?')}) trên thư mục dữ liệu {lock_path.parent}{waited}; "
                        f"lần chạy này dừng, không động đến tệp nào (chờ lâu hơn: đặt MOTCUA_RUN_LOCK_WAIT_S)"
                    ) from None
                time.sleep(poll_s)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(
                json.dumps(
                    {"pid": os.getpid(), "started_at": datetime.now().astimezone().isoformat(timespec="seconds")}
                )
            )
            fh.flush()
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fh.flush()
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
