"""A province publishes its outputs to the shared store (docs/national.md, "What a province publishes").

Under `<store>/province=<code>/`:

    run=<publication_id>/metric_values.parquet, plan_scorecard.parquet, load_summary.parquet,
                         plan_info.parquet   (each with `province` as its first column)
    published.json       the manifest, written last: the commit point

The data files of a publication go under a key of their own, never over the files the current
manifest names; the manifest is then written in one piece (one PUT on S3, a rename on a folder).
A reader that trusts only the files a manifest names never sees half a publication. The
previous publication's files are kept (a roll-up may be reading them), older ones removed.

Only the curated database's public tables are published: no raw zone, no personal data.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.national.catalogue import metric_catalogue
from pipelines.national.provinces import province_names, run_province
from pipelines.national.store import Store, open_store
from pipelines.settings import TIME_ZONE, Paths, connect, shared_store

MANIFEST = "published.json"
FORMAT = 1
# what the national view needs of a province: its metrics, its scorecard against its own plan,
# what it loaded, and which plan that was (the plan's local file path is left out)
TABLES = {
    "metric_values": "SELECT * FROM metric_values",
    "plan_scorecard": "SELECT * FROM plan_scorecard",
    "load_summary": "SELECT * FROM load_summary",
    "plan_info": "SELECT * EXCLUDE (source_file) FROM plan_info ORDER BY sort_order",
}


def province_key(code: str) -> str:
    return f"province={code}"


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _read_curated(curated_db: Path) -> dict:
    con = connect(curated_db, read_only=True)
    try:
        as_of, run_id = con.execute("SELECT as_of, run_id FROM run_params").fetchone()
        plans = con.execute("SELECT plan_id, gso_code FROM plan_info ORDER BY sort_order").fetchall()
        tables = {name: con.sql(sql).to_arrow_table() for name, sql in TABLES.items()}
    finally:
        con.close()
    return {"as_of": as_of, "run_id": run_id, "plans": plans, "tables": tables}


def _previous_publication(store: Store, code: str) -> str | None:
    try:
        return json.loads(store.read_bytes(f"{province_key(code)}/{MANIFEST}"))["publication_id"]
    except Exception:  # none yet, or unreadable: nothing to keep
        return None


def publish_province(curated_db: Path, store: Store, province: str | None = None) -> dict:
    """Publish the curated database `curated_db` under `province=<code>/` of `store`; returns
    what was published (the manifest). Raises on any failure: the caller decides what it means."""
    curated = _read_curated(curated_db)
    code = run_province([gso for _, gso in curated["plans"]], province)
    now = datetime.now(ZoneInfo(TIME_ZONE))
    publication_id = f"{now.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    folder = province_key(code)
    files: dict[str, dict] = {}
    for name, table in curated["tables"].items():
        # every published row carries its province: the files say whose they are on their own
        table = table.add_column(0, "province", pa.array([code] * table.num_rows, pa.string()))
        data = _parquet_bytes(table)
        key = f"run={publication_id}/{name}.parquet"
        store.write_bytes(f"{folder}/{key}", data)
        files[name] = {"path": key, "rows": table.num_rows, "sha256": hashlib.sha256(data).hexdigest()}
    previous = _previous_publication(store, code)
    manifest = {
        "format": FORMAT,
        "province": code,
        "name": province_names()[code],
        "plan_ids": [plan_id for plan_id, _ in curated["plans"]],
        "as_of": curated["as_of"].isoformat() if curated["as_of"] else None,
        "run_id": curated["run_id"],
        "publication_id": publication_id,
        "published_at": now.isoformat(timespec="seconds"),
        "previous_publication_id": previous,
        "files": files,
        "metric_definitions": {m.metric_id: m.fingerprint for m in metric_catalogue().values()},
    }
    store.write_bytes(f"{folder}/{MANIFEST}", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    _prune(store, folder, keep={publication_id, previous})
    return manifest


def _prune(store: Store, folder: str, keep: set[str | None]) -> None:
    """Remove the publications older than the previous one (and torn ones never committed)."""
    for child in store.children(folder):
        if child.startswith("run=") and child[len("run=") :] not in keep:
            store.delete_dir(f"{folder}/{child}")


def share(paths: Paths, province: str | None = None, store_uri: str | None = None) -> dict:
    """The nightly run's step after publication: publish to `MOTCUA_SHARED_STORE` when it is set.
    Never raises: a failure here is said in the run summary and leaves the local publication
    as it is (status `error`); unset store → status `off`, nothing done."""
    uri = store_uri or shared_store()
    if not uri:
        return {"status": "off"}
    try:
        manifest = publish_province(paths.curated_db, open_store(uri), province)
    except Exception as exc:
        return {"status": "error", "store": uri, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "status": "published",
        "store": uri,
        "province": manifest["province"],
        "publication_id": manifest["publication_id"],
        "rows": {name: f["rows"] for name, f in manifest["files"].items()},
    }
