"""Helpers of the API tests (tests/sources, tests/flows, tests/simulator): the token of the test API,
the records landed from it, a digest of a table. The world and api fixtures are in tests/conftest.py."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipelines.settings import Paths, connect

TOKEN = "test-token"


def landed_api_records(paths: Paths) -> dict[str, set[str]]:
    """entity -> the set of records (canonical JSON) in every landed API page."""
    from pipelines.raw.landing import landed_path, read_manifest_entries

    out: dict[str, set[str]] = {}
    for e in read_manifest_entries(paths):
        if not str(e.get("source", "")).startswith("api:"):
            continue
        entity = e["source"].split(":")[1]
        doc = json.loads(landed_path(paths, e["file_id"], e["original_name"]).read_bytes())
        out.setdefault(entity, set()).update(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in doc["data"])
    return out


def table_digest(db: Path, table: str) -> tuple[int, str]:
    """(rows, hash of the rows in a fixed order) of one table of a DuckDB file."""
    con = connect(db, read_only=True)
    try:
        df = con.execute(f'SELECT * FROM "{table}"').df()
    finally:
        con.close()
    if len(df):
        df = df.sort_values(list(df.columns), kind="stable", na_position="first").reset_index(drop=True)
    return len(df), hashlib.sha256(df.to_csv(index=False).encode()).hexdigest()
