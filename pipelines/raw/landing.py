"""Land every export byte for byte in the raw zone, once, in a known order.

A landed file is stored at `raw/files/<sha[:2]>/<sha256><ext>` and described by one line of
`raw/manifest.jsonl` (docs/parsed-contract.md). The same bytes delivered twice (under any
name) land once. Crash safety: the file is written to a temp name and `os.replace`d into place
*before* its manifest line is appended (flushed and fsynced); a crash in between leaves a file
without a manifest line, which the next run heals by landing it again (same sha256, same path).
A torn last manifest line is ignored on read and re-landed. Landing runs under an exclusive
lock file so two processes never hand out the same `landed_seq`.

The manifest holds landing facts only; the parse outcome (entity, counts, status, message) is
appended to `raw/parse_index.jsonl` by `pipelines.raw.parse_runs.parse_pending`, and
`pipelines.raw.parse_runs.read_manifest` returns the merged, latest state per file.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pipelines.fsutil import file_lock, read_jsonl
from pipelines.settings import TIME_ZONE, Paths

MANIFEST_COLUMNS = [
    "file_id",
    "original_name",
    "source",
    "size",
    "arrived_at",
    "landed_seq",
    "entity",
    "rows_in",
    "rows_loaded",
    "rows_quarantined",
    "status",
    "message",
]
KNOWN_EXT = {".xlsx", ".csv", ".json", ".txt", ".tsv", ".xls"}


def _now_local() -> str:
    return datetime.now(ZoneInfo(TIME_ZONE)).isoformat(timespec="microseconds")


def _ext(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in KNOWN_EXT else (suffix if 0 < len(suffix) <= 6 else "")


def landed_path(paths: Paths, file_id: str, original_name: str) -> Path:
    return paths.raw_files / file_id[:2] / f"{file_id}{_ext(original_name)}"


def read_manifest_entries(paths: Paths) -> list[dict]:
    """The landing entries in landing order (a torn trailing line is ignored)."""
    out: list[dict] = []
    seen: set[str] = set()
    for e in read_jsonl(paths.manifest):
        if e["file_id"] not in seen:
            seen.add(e["file_id"])
            out.append(e)
    out.sort(key=lambda e: e["landed_seq"])
    return out


def _lock(paths: Paths):
    return file_lock(paths.raw / ".landing.lock")


def _write_atomic(data: bytes, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and dest.stat().st_size == len(data):
        return  # already in place (healing a crashed run)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, dest)


def _append(paths: Paths, entry: dict) -> None:
    _append_many(paths, [entry])


def _land(
    data: bytes, original_name: str, source: str, paths: Paths, known: dict[str, dict], next_seq: list[int]
) -> dict | None:
    sha = hashlib.sha256(data).hexdigest()
    if sha in known:
        return None
    _write_atomic(data, landed_path(paths, sha, original_name))
    entry = {
        "file_id": sha,
        "original_name": original_name,
        "source": source,
        "size": len(data),
        "arrived_at": _now_local(),
        "landed_seq": next_seq[0],
    }
    _append(paths, entry)
    next_seq[0] += 1
    known[sha] = entry
    return entry


_STATE_CACHE: dict[Path, tuple[int, int, dict[str, dict], int]] = {}


def _state(paths: Paths) -> tuple[dict[str, dict], list[int]]:
    """Known file ids and the next landed_seq. Called under the lock; the manifest is read
    incrementally (only the lines appended since the last call), so landing thousands of API
    pages one by one does not re-read the whole manifest each time."""
    mf = paths.manifest
    if not mf.exists():
        _STATE_CACHE.pop(mf, None)
        return {}, [1]
    st = mf.stat()
    ino, offset, known, max_seq = _STATE_CACHE.get(mf, (st.st_ino, 0, {}, 0))
    if ino != st.st_ino or st.st_size < offset:  # replaced or truncated: start over
        offset, known, max_seq = 0, {}, 0
    known = dict(known)
    with open(mf, "rb") as fh:
        fh.seek(offset)
        tail = fh.read()
    end = tail.rfind(b"\n") + 1  # complete lines only
    for line in tail[:end].decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            e = json.loads(line)
        except json.JSONDecodeError:
            continue  # a torn line from a crash
        known.setdefault(e["file_id"], e)
        max_seq = max(max_seq, int(e["landed_seq"]))
    _STATE_CACHE[mf] = (st.st_ino, offset + end, known, max_seq)
    return dict(known), [max_seq + 1]  # the caller adds to its own copy


def _skip(p: Path) -> bool:
    """Editor/OS droppings that are not exports: hidden files, Excel lock files, partials."""
    return _skip_reason(p.name) is not None


def _skip_reason(name: str) -> str | None:
    if name.startswith("~$") or name.startswith(".~lock."):
        return "tệp khoá của Excel/LibreOffice (tệp đang mở), không phải tệp xuất"
    if name.startswith("."):
        return "tệp ẩn (tên bắt đầu bằng dấu chấm)"
    if name.endswith((".part", ".tmp", ".crdownload")):
        return "tệp đang tải hoặc ghi dở (.part, .tmp, .crdownload)"
    return None


def scan_inbox(inbox: Path) -> tuple[list[Path], list[dict]]:
    """The files to land under `inbox` (sorted by relative path) and every entry not landed, with
    its reason (`{"name": relative path, "reason": …}`): hidden files and folders, lock files,
    partial downloads, symbolic links (never followed: a link to /etc/passwd is not an export),
    FIFOs, sockets and devices (opening a FIFO would block the run), unreadable folders."""
    files: list[Path] = []
    skipped: list[dict] = []

    def rel(p: Path) -> str:
        return p.relative_to(inbox).as_posix()

    def walk(folder: Path) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append({"name": rel(folder) + "/", "reason": f"không đọc được thư mục ({exc.strerror})"})
            return
        for e in entries:
            p = Path(e.path)
            try:
                if e.is_symlink():
                    skipped.append(
                        {
                            "name": rel(p),
                            "reason": f"liên kết tượng trưng (symlink) tới {os.readlink(p)}: không đi theo liên kết",
                        }
                    )
                elif e.is_dir(follow_symlinks=False):
                    if e.name.startswith("."):
                        skipped.append({"name": rel(p) + "/", "reason": "thư mục ẩn (tên bắt đầu bằng dấu chấm)"})
                    else:
                        walk(p)
                elif not e.is_file(follow_symlinks=False):
                    skipped.append({"name": rel(p), "reason": "không phải tệp thường (FIFO, socket hoặc thiết bị)"})
                elif (why := _skip_reason(e.name)) is not None:
                    skipped.append({"name": rel(p), "reason": why})
                else:
                    files.append(p)
            except OSError as exc:
                skipped.append({"name": rel(p), "reason": f"không đọc được ({exc.strerror})"})

    walk(inbox)
    files.sort(key=rel)
    return files, skipped


def _open_nofollow(path, flags):
    """os.open that refuses a symlink put in place after the scan."""
    return os.open(path, flags | os.O_NOFOLLOW)


LAND_THREADS = 4  # hashing (OpenSSL) and file I/O release the GIL; fsync latency overlaps


def land_inbox(inbox: Path, paths: Paths, source: str = "inbox", skipped: list | None = None) -> list[dict]:
    """Land every file under `inbox` (recursively, sorted by path) not landed yet (by sha256).

    Files are hashed and copied by a few threads; landing order and manifest lines follow the
    sorted paths, appended together once every copy is durable (fsynced). Every entry not
    landed (see `scan_inbox`; and files that could not be read or changed while being copied:
    still being written, they land on the next run) is appended to `skipped` with its reason."""

    inbox = Path(inbox)
    paths.ensure()
    files, not_files = scan_inbox(inbox)
    skipped = skipped if skipped is not None else []
    skipped.extend(not_files)
    new: list[dict] = []
    with _lock(paths), ThreadPoolExecutor(LAND_THREADS) as pool:
        known, seq = _state(paths)
        shas = list(pool.map(_sha256_or_error, files))
        todo: list[tuple[Path, str]] = []
        seen = set(known)
        first: dict[str, Path] = {}  # sha -> the entry of this delivery that lands it
        for p, sha in zip(files, shas):
            if isinstance(sha, OSError):  # still being written: lands on the next run
                skipped.append(
                    {
                        "name": p.relative_to(inbox).as_posix(),
                        "reason": f"đang được ghi hoặc không đọc được, sẽ tiếp nhận ở lần chạy sau "
                        f"({sha.strerror or sha})",
                    }
                )
            elif sha not in seen:  # the same bytes twice in one delivery land once
                seen.add(sha)
                first[sha] = p
                todo.append((p, sha))
            elif sha in first:  # ... and the other names are reported, not silently dropped
                skipped.append(
                    {
                        "name": p.relative_to(inbox).as_posix(),
                        "reason": f"trùng nội dung (cùng SHA-256) với {first[sha].relative_to(inbox).as_posix()}, "
                        "đã tiếp nhận một lần",
                    }
                )
        errors = list(pool.map(lambda t: _copy_in(t[0], t[1], paths), todo))
        for (p, sha), err in zip(todo, errors):
            if err is not None:
                skipped.append(
                    {
                        "name": p.relative_to(inbox).as_posix(),
                        "reason": f"đang được ghi hoặc không đọc được, sẽ tiếp nhận ở lần chạy sau "
                        f"({err.strerror or err})",
                    }
                )
                continue
            rel = p.relative_to(inbox).as_posix()
            new.append(
                {
                    "file_id": sha,
                    "original_name": p.name,
                    "source": f"{source}:{rel}",
                    "size": p.lstat().st_size,
                    "arrived_at": _now_local(),
                    "landed_seq": seq[0],
                }
            )
            seq[0] += 1
        _append_many(paths, new)
    return new


def _sha256_or_error(src: Path) -> str | OSError:
    h = hashlib.sha256()
    try:
        with open(src, "rb", opener=_open_nofollow) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError as exc:
        return exc
    return h.hexdigest()


def _copy_in(src: Path, sha: str, paths: Paths) -> OSError | None:
    """Copy src to its content address (temp file, fsync, rename); the bytes written are hashed
    on the way and must be the bytes hashed before (a file changing under us lands next run)."""
    dest = landed_path(paths, sha, src.name)
    try:
        size = src.lstat().st_size
        if dest.exists() and dest.stat().st_size == size:
            return None  # already in place (healing a crashed run)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        check = hashlib.sha256()
        with open(src, "rb", opener=_open_nofollow) as fin, open(tmp, "wb") as fout:
            for chunk in iter(lambda: fin.read(1 << 20), b""):
                check.update(chunk)
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        if check.hexdigest() != sha:
            tmp.unlink(missing_ok=True)
            return OSError(f"{src.name} thay đổi trong khi đang được sao chép")
        os.replace(tmp, dest)
    except OSError as exc:
        return exc
    return None


def _append_many(paths: Paths, entries: list[dict]) -> None:
    """Append manifest lines in one write, fsynced (after the files they describe are durable).
    A torn last line (crash mid-append) must not glue onto the next entry."""
    if not entries:
        return
    if paths.manifest.exists() and paths.manifest.stat().st_size:
        with open(paths.manifest, "rb") as fh:
            fh.seek(-1, os.SEEK_END)
            needs_nl = fh.read(1) != b"\n"
    else:
        needs_nl = False
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
    with open(paths.manifest, "a", encoding="utf-8") as fh:
        fh.write(("\n" if needs_nl else "") + text)
        fh.flush()
        os.fsync(fh.fileno())


def land_bytes(data: bytes, original_name: str, paths: Paths, source: str) -> dict | None:
    """Land one blob (an API page); None if the same bytes were landed before."""
    paths.ensure()
    with _lock(paths):
        known, seq = _state(paths)
        return _land(data, original_name, source, paths, known, seq)
