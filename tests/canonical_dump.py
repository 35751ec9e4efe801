"""Canonical dump of a published database: every table and view of `main`, rows sorted, one
SHA-256 per relation and one over them all. Used to prove a refactor changes no figure:

    python3 -m uv run python -m tests.canonical_dump data/curated/motcua.duckdb

Columns that name the run rather than the data (the build's code fingerprint, the run id, the
plan file's path) are blanked, so two builds of the same data by equal code compare equal.
"""

from __future__ import annotations

import hashlib
import sys

import duckdb

RUN_IDENTITY_COLUMNS = {"fingerprint", "run_id", "source_file"}


def dump(db_path: str) -> tuple[dict[str, tuple[str, int, str]], str]:
    """relation -> (kind, rows, sha256) and the total hash."""
    con = duckdb.connect(
        db_path, read_only=True, config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    con.execute("SET TimeZone='Asia/Ho_Chi_Minh'")
    out: dict[str, tuple[str, int, str]] = {}
    total = hashlib.sha256()
    for name, kind in con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
    ).fetchall():
        cols = [r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()]
        select = ", ".join(f'NULL AS "{c}"' if c in RUN_IDENTITY_COLUMNS else f'"{c}"' for c in cols)
        rows = con.execute(f'SELECT {select} FROM "{name}"').fetchall()
        body = "|".join(cols) + "\n" + "\n".join(sorted(repr(r) for r in rows))
        h = hashlib.sha256(body.encode()).hexdigest()
        out[name] = (kind, len(rows), h)
        total.update(f"{name}:{h}\n".encode())
    con.close()
    return out, total.hexdigest()


if __name__ == "__main__":
    relations, total_hash = dump(sys.argv[1])
    for rel, (kind, n, h) in relations.items():
        print(f"{rel}\t{kind}\t{n}\t{h[:16]}")
    print("TOTAL", total_hash)
