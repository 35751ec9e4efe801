"""What a build leaves behind for the next night: `build_state` and `build_files`.

A nightly increment (`pipelines.warehouse.incremental`) may start from the published database
only if it was built by the same SQL, plan files and build code (the fingerprint), from a known
set of parsed files (build_files), and it combines the stored date bounds with its new rows so
that the as-of date and the calendar are exactly those a full build would compute.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa

from pipelines.settings import PACKAGE_ROOT, connect
from pipelines.warehouse import index766
from pipelines.warehouse.table_docs import BUILD_FILES_DOC, BUILD_STATE_DOC, document_table

BOUND_KEYS = ("data_as_of", "data_first", "data_last", "reach_min", "reach_max")
# the code whose change must force a full build (besides sql/ and the plans)
# (relative to the package, so that a checkout and an installed wheel fingerprint alike)
BUILD_CODE = (
    "warehouse/build.py",
    "warehouse/models.py",
    "warehouse/plan.py",
    "warehouse/working_days.py",
    "warehouse/incremental.py",
    "warehouse/index766.py",
    "warehouse/table_docs.py",
    "contract.py",
)


@dataclass
class BuildState:
    fingerprint: str
    as_of: date
    bounds: dict[str, date | None]
    files: dict[str, str] | None  # file_id -> entity; None = unknown (no increment)


def fingerprint(sql_dir: Path, plan_paths: list[Path]) -> str:
    """SHA-256 over the SQL models, the plan files and the build code (paths and bytes)."""
    h = hashlib.sha256()
    sql_dir = Path(sql_dir)
    for p in sorted(q for q in sql_dir.rglob("*") if q.is_file() and "__pycache__" not in q.parts):
        h.update(str(p.relative_to(sql_dir)).encode() + b"\0" + p.read_bytes() + b"\0")
    for p in sorted(Path(x) for x in plan_paths):
        h.update(b"plan\0" + p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    if len(plan_paths) > 1:  # the run's plan (the first) decides plan_info.sort_order: another → whole build
        h.update(b"run_plan\0" + Path(plan_paths[0]).name.encode() + b"\0")
    # the index's weights are build input too (written by every whole build, kept by increments)
    weights = index766.WEIGHTS_FILE
    if weights.exists():
        h.update(b"index766_weights\0" + weights.read_bytes() + b"\0")
    for rel in BUILD_CODE:
        p = PACKAGE_ROOT / rel
        if p.exists():
            h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def write_state(con, st: BuildState) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE build_state (fingerprint VARCHAR, as_of DATE, data_as_of DATE, "
        "data_first DATE, data_last DATE, reach_min DATE, reach_max DATE)"
    )
    # how it was built (whole or increment) is in the run summary, not here: the same data must
    # give the same tables whichever way they were built
    con.execute(
        "INSERT INTO build_state VALUES (?, ?, ?, ?, ?, ?, ?)",
        [st.fingerprint, st.as_of, *[st.bounds.get(k) for k in BOUND_KEYS]],
    )
    document_table(con, "build_state", BUILD_STATE_DOC)
    if st.files is None:
        con.execute("DROP TABLE IF EXISTS build_files")
        return
    con.register("_bf", pa.table({"file_id": list(st.files), "entity": list(st.files.values())}))
    con.execute(
        "CREATE OR REPLACE TABLE build_files AS SELECT CAST(file_id AS VARCHAR) AS file_id, "
        "CAST(entity AS VARCHAR) AS entity FROM _bf ORDER BY file_id"
    )
    con.unregister("_bf")
    document_table(con, "build_files", BUILD_FILES_DOC)


def read_state(db_path: Path) -> BuildState | None:
    """The state of a published database, or None when it has none (older build, tests)."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    con = connect(db_path, read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"build_state", "build_files"} <= tables:
            return None
        row = con.execute(
            "SELECT fingerprint, as_of, data_as_of, data_first, data_last, reach_min, reach_max FROM build_state"
        ).fetchone()
        if row is None:
            return None
        files = dict(con.execute("SELECT file_id, entity FROM build_files").fetchall())
    finally:
        con.close()
    return BuildState(fingerprint=row[0], as_of=row[1], bounds=dict(zip(BOUND_KEYS, row[2:7])), files=files)


def combine_bounds(old: dict[str, date | None], new: dict[str, date | None]) -> dict[str, date | None]:
    """Bounds over old ∪ new rows: the earliest of the minima, the latest of the maxima."""

    def pick(a, b, fn):
        vals = [v for v in (a, b) if v is not None]
        return fn(vals) if vals else None

    return {
        "data_as_of": pick(old.get("data_as_of"), new.get("data_as_of"), max),
        "data_first": pick(old.get("data_first"), new.get("data_first"), min),
        "data_last": pick(old.get("data_last"), new.get("data_last"), max),
        "reach_min": pick(old.get("reach_min"), new.get("reach_min"), min),
        "reach_max": pick(old.get("reach_max"), new.get("reach_max"), max),
    }
