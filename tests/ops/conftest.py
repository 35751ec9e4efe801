"""Shared fixtures of the operations tests: one small simulated world (January 2022) and its API."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from pipelines.settings import Paths, connect

TOKEN = "test-token"


@pytest.fixture(scope="session")
def world():
    from simulator.generate import generate_world

    return generate_world(seed=5, scale=0.002, start=date(2022, 1, 1), end=date(2022, 1, 31))


@pytest.fixture()
def api(world):
    """A clean API over the world: (server, base_url)."""
    from simulator.api_server import serve_api

    server, url = serve_api(world, token=TOKEN)
    try:
        yield server, url
    finally:
        server.stop()


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
