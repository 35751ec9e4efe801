"""The national roll-up: every published province in one DuckDB (docs/national.md, "The roll-up").

Reads `province=*/published.json` of the shared store, checks every file a manifest names
(present, same sha256, same row count, every row of the province) while copying it to a staging
folder (`national/staging.building/`, removed after), lets DuckDB read the copies, and builds
`$MOTCUA_DATA_DIR/national/national.duckdb` aside (`.building`), then swaps it in; Parquet
copies of its views go to `national/parquet/`. One roll-up at a time per data folder.
A province that is expected but absent, torn (files without a manifest) or broken is named in
`national_provinces` with its reason; the roll-up runs with the others.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.fsutil import file_lock
from pipelines.national.catalogue import metric_catalogue
from pipelines.national.page import write_page
from pipelines.national.provinces import ProvinceError, expected_provinces, normalise_code, province_names
from pipelines.national.publish import FORMAT, MANIFEST, TABLES
from pipelines.national.store import Store
from pipelines.national.table_docs import document_national
from pipelines.settings import TIME_ZONE, Paths, connect
from pipelines.warehouse.export import export_parquet

STATUS_VI = {"da_cong_bo": "Đã công bố", "chua_cong_bo": "Chưa công bố", "loi": "Lỗi, không tổng hợp"}
# the output contract's columns (docs/metrics.md, Output views): the empty tables of a roll-up
# that found no province have them, so the views bind either way
EMPTY = {
    "metric_values": "metric_id VARCHAR, period VARCHAR, period_start DATE, period_end DATE, level VARCHAR, "
    "ma_don_vi VARCHAR, group_key VARCHAR, numerator DOUBLE, denominator DOUBLE, value DOUBLE",
    "plan_scorecard": "target_id VARCHAR, period VARCHAR, level VARCHAR, ma_don_vi VARCHAR, group_key VARCHAR, "
    "numerator DOUBLE, denominator DOUBLE, value DOUBLE, threshold DOUBLE, status VARCHAR, plan_id VARCHAR",
    "load_summary": "run_id VARCHAR, entity VARCHAR, rows_in BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT",
    "plan_info": "plan_id VARCHAR, title VARCHAR, province_name VARCHAR, gso_code VARCHAR, year INTEGER",
}
PROVINCE_COLUMNS = [
    "province",
    "name",
    "status",
    "status_vi",
    "reason",
    "expected",
    "as_of",
    "run_id",
    "publication_id",
    "published_at",
    "plan_ids",
    "run_state",
]
# a province's run in the national flow (pipelines/flows/fanout.py), by Prefect state type
RUN_STATE_VI = {
    "COMPLETED": "hoàn tất",
    "FAILED": "thất bại",
    "CRASHED": "đổ vỡ: tiến trình chạy hoặc máy dừng đột ngột",
    "CANCELLED": "bị hủy",
    "CANCELLING": "đang hủy",
    "RUNNING": "vẫn đang chạy",
    "PENDING": "đang chờ bắt đầu",
    "SCHEDULED": "chưa có worker nhận chạy",
    "PAUSED": "tạm dừng",
}
PARQUET_VIEWS = ("national_provinces", "national_scorecard", "national_metric_values", "national_metric_ranking")


@dataclass
class Province:
    """One province as the roll-up saw it."""

    code: str
    status: str  # da_cong_bo | chua_cong_bo | loi
    reason: str | None = None
    manifest: dict = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # table → its checked copy in the staging folder


class _Refused(Exception):
    """A publication the roll-up cannot use: its status and the reason, in Vietnamese."""

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _manifest(store: Store, folder: str, code: str) -> dict:
    """The province's manifest, if it is there, readable, of this format and this province."""
    if not store.exists(f"{folder}/{MANIFEST}"):
        raise _Refused("chua_cong_bo", f"có tệp trong {folder}/ nhưng không có {MANIFEST}: lần công bố dở dang")
    try:
        manifest = json.loads(store.read_bytes(f"{folder}/{MANIFEST}"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _Refused("loi", f"{folder}/{MANIFEST} không đọc được: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise _Refused("loi", f"{MANIFEST} có định dạng {found!r}, cần {FORMAT}")
    if str(manifest.get("province")) != code:
        raise _Refused("loi", f"{MANIFEST} ghi tỉnh {manifest.get('province')!r} nhưng nằm ở {folder}/")
    return manifest


def _checked_bytes(store: Store, folder: str, code: str, name: str, manifest: dict) -> bytes:
    """The bytes of the file `name` the manifest names, once they are proved to be what was
    published: inside the province's folder, same sha256, same row count, only its rows."""
    entry = (manifest.get("files") or {}).get(name) or {}
    path = str(entry.get("path") or "")
    if not path.startswith("run=") or ".." in path:
        raise _Refused("loi", f"{MANIFEST} không ghi tệp {name} trong {folder}/run=…/")
    key = f"{folder}/{path}"
    if not store.exists(key):
        raise _Refused("loi", f"thiếu tệp {key} mà {MANIFEST} ghi")
    data = store.read_bytes(key)
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise _Refused("loi", f"tệp {key} không khớp sha256 ghi trong {MANIFEST}")
    parquet = pq.ParquetFile(io.BytesIO(data))
    if parquet.metadata.num_rows != entry.get("rows"):
        raise _Refused("loi", f"tệp {key} có {parquet.metadata.num_rows} dòng, {MANIFEST} ghi {entry.get('rows')}")
    if "province" not in parquet.schema_arrow.names or set(
        parquet.read(columns=["province"]).column("province").unique().to_pylist()
    ) - {code}:
        raise _Refused("loi", f"tệp {key} có dòng không mang mã tỉnh {code}")
    return data


def _load(store: Store, folder: str, code: str, staging: Path) -> Province:
    """A province folder → its checked publication (files copied under `staging`, one at a time:
    memory stays flat however many provinces there are), or the reason it cannot be used. A
    read error (network, a damaged file) leaves this province out, not the roll-up."""
    manifest: dict = {}
    files: dict[str, Path] = {}
    try:
        manifest = _manifest(store, folder, code)
        for name in TABLES:
            data = _checked_bytes(store, folder, code, name, manifest)
            files[name] = staging / code / f"{name}.parquet"
            files[name].parent.mkdir(parents=True, exist_ok=True)
            files[name].write_bytes(data)
    except _Refused as refused:
        return Province(code, refused.status, refused.reason, manifest)
    except (OSError, pa.ArrowException) as exc:
        return Province(
            code, "loi", f"không đọc được lần công bố trong {folder}/: {type(exc).__name__}: {exc}", manifest
        )
    return Province(code, "da_cong_bo", None, manifest, files)


def read_store(store: Store, expected: list[str], staging: Path) -> list[Province]:
    """Every province folder of the store, and every expected province that has none."""
    seen: dict[str, Province] = {}
    for folder in store.children():
        if not folder.startswith("province="):
            continue
        try:
            code = normalise_code(folder[len("province=") :])
        except ProvinceError as exc:
            code = folder[len("province=") :]
            seen[code] = Province(code, "loi", f"thư mục {folder}/: {exc}")
            continue
        seen[code] = _load(store, folder, code, staging)
    for code in expected:
        if code not in seen:
            seen[code] = Province(code, "chua_cong_bo", f"không có province={code}/{MANIFEST} trong kho dùng chung")
    return [seen[c] for c in sorted(seen)]


def run_reason(run: dict) -> str | None:
    """Why a province's run of the national flow did not complete, in Vietnamese: its state, what
    it means and the state's message ("lần chạy tinh-46 thất bại (Failed): …"); None when it did."""
    if run.get("type") == "COMPLETED":
        return None
    meaning = RUN_STATE_VI.get(str(run.get("type")), "")
    label = f"lần chạy {run.get('flow_run') or ''}".rstrip()
    text = f"{label} {meaning} ({run.get('state') or run.get('type')})" if meaning else f"{label}: {run.get('state')}"
    return text + (f": {run['message']}" if run.get("message") else "")


def _reason(p: Province, run: dict | None) -> str | None:
    """The store's reason, after the run's when the national flow's run of the province did not
    complete; an older publication still rolled up says it is the previous one."""
    why = run_reason(run) if run else None
    if not why:
        return p.reason
    if p.status == "da_cong_bo":
        as_of = p.manifest.get("as_of")
        return f"{why}; bản tổng hợp dùng lần công bố trước" + (f" (số liệu đến {as_of})" if as_of else "")
    return f"{why}; {p.reason}" if p.reason else why


def _provinces_frame(
    provinces: list[Province], expected: list[str], runs: dict[str, dict] | None = None
) -> pd.DataFrame:
    names = province_names()
    runs = runs or {}
    rows = []
    for p in provinces:
        m = p.manifest if p.status == "da_cong_bo" else {}
        run = runs.get(p.code)
        rows.append(
            {
                "province": p.code,
                "name": names.get(p.code),
                "status": p.status,
                "status_vi": STATUS_VI[p.status],
                "reason": _reason(p, run),
                "expected": p.code in expected,
                "as_of": m.get("as_of"),
                "run_id": m.get("run_id"),
                "publication_id": m.get("publication_id"),
                "published_at": m.get("published_at"),
                "plan_ids": ",".join(m.get("plan_ids") or []) or None,
                "run_state": run.get("state") if run else None,
            }
        )
    frame = pd.DataFrame(rows, columns=PROVINCE_COLUMNS)
    frame["as_of"] = pd.to_datetime(frame["as_of"]).dt.date  # a DATE column even when empty
    frame["expected"] = frame["expected"].astype(bool)
    return frame


def _common_metrics(provinces: list[Province]) -> pd.DataFrame:
    """national_metric: every catalogue metric, whether it is common (summed into the country's
    row) and, when not, why."""
    published = [p for p in provinces if p.status == "da_cong_bo"]
    rows = []
    for m in metric_catalogue().values():
        prints = {p.code: (p.manifest.get("metric_definitions") or {}).get(m.metric_id) for p in published}
        other = sorted(code for code, fp in prints.items() if fp != m.fingerprint)
        reason = None
        if m.plan_shaped:
            reason = "nhóm của chỉ số do kế hoạch từng tỉnh định nghĩa (nhóm lĩnh vực, mã hoạt động, mã nhiệm vụ)"
        elif other:
            reason = "định nghĩa (SQL) khác ở tỉnh " + ", ".join(other)
        rows.append({"metric_id": m.metric_id, "unit": m.unit, "common": reason is None, "reason": reason})
    return pd.DataFrame(rows)


def _stack(con, provinces: list[Province], name: str, empty_columns: str) -> None:
    """`province_<name>`: the table `name` of every published province, stacked by column name
    (a province on another code version may have a column more or less)."""
    files = [str(p.files[name]) for p in provinces if p.status == "da_cong_bo"]
    if not files:
        con.execute(f"CREATE TABLE province_{name} (province VARCHAR, {empty_columns})")
        return
    con.execute(f"CREATE TABLE province_{name} AS SELECT * FROM read_parquet(?, union_by_name = true)", [files])


VIEWS = """
-- the country's row of a common metric: numerators and denominators summed over the provinces,
-- the ratio recomputed from the sums (never an average of the provinces' ratios); counts summed
CREATE TABLE country_metric_values AS
SELECT
    CAST(NULL AS VARCHAR) AS province,
    pmv.metric_id, pmv.period, pmv.period_start, pmv.period_end, pmv.level,
    CAST(NULL AS VARCHAR) AS ma_don_vi, pmv.group_key,
    sum(pmv.numerator) AS numerator,
    CASE WHEN any_value(nm.unit) = 'count' THEN NULL ELSE sum(pmv.denominator) END AS denominator,
    CASE
        WHEN any_value(nm.unit) = 'count' THEN sum(pmv.numerator)
        WHEN sum(pmv.denominator) > 0 THEN sum(pmv.numerator) / sum(pmv.denominator)
    END AS value,
    count(DISTINCT pmv.province) AS provinces
FROM province_metric_values AS pmv
INNER JOIN national_metric AS nm ON pmv.metric_id = nm.metric_id AND nm.common
WHERE pmv.ma_don_vi IS NULL
GROUP BY pmv.metric_id, pmv.period, pmv.period_start, pmv.period_end, pmv.level, pmv.group_key;

CREATE VIEW national_scorecard AS
SELECT
    province, plan_id, target_id, period, level, numerator, denominator, value, threshold, status,
    * EXCLUDE (province, plan_id, target_id, period, level, numerator, denominator, value, threshold, status)
FROM province_plan_scorecard;

CREATE VIEW national_metric_values AS
SELECT pmv.province, pmv.metric_id, pmv.period, pmv.period_start, pmv.period_end, pmv.level,
       pmv.ma_don_vi, pmv.group_key, pmv.numerator, pmv.denominator, pmv.value
FROM province_metric_values AS pmv
SEMI JOIN national_metric AS nm ON pmv.metric_id = nm.metric_id AND nm.common
UNION ALL
SELECT province, metric_id, period, period_start, period_end, level, ma_don_vi, group_key,
       numerator, denominator, value
FROM country_metric_values;

-- rank 1 = the highest value; a province whose value is empty (denominator 0) is listed unranked
CREATE VIEW national_metric_ranking AS
SELECT
    pmv.metric_id, pmv.period, pmv.level, pmv.group_key, pmv.province, np.name,
    pmv.numerator, pmv.denominator, pmv.value,
    CASE WHEN pmv.value IS NOT NULL THEN rank() OVER (
        PARTITION BY pmv.metric_id, pmv.period, pmv.level, pmv.group_key ORDER BY pmv.value DESC NULLS LAST
    ) END AS rank,
    count(pmv.value) OVER (PARTITION BY pmv.metric_id, pmv.period, pmv.level, pmv.group_key) AS provinces_ranked,
    np.as_of
FROM province_metric_values AS pmv
SEMI JOIN national_metric AS nm ON pmv.metric_id = nm.metric_id AND nm.common
LEFT JOIN national_provinces AS np ON pmv.province = np.province
WHERE pmv.ma_don_vi IS NULL;
"""


def build_national(
    provinces: list[Province], expected: list[str], db_path: Path, store_uri: str, runs: dict[str, dict] | None = None
) -> None:
    """Write the national database at `db_path` (a fresh file), under the build's memory cap
    (`MOTCUA_MEMORY_LIMIT`, default 1.6GB as in pipelines.flows.steps.build_memory_limit:
    DuckDB spills to disk beyond it)."""
    con = connect(db_path, memory_limit=os.environ.get("MOTCUA_MEMORY_LIMIT", "1.6GB"))
    try:
        frame = _provinces_frame(provinces, expected, runs)
        con.register("_provinces", frame)
        # freshness: how many days a province's as-of date is behind the newest one
        con.execute(
            "CREATE TABLE national_provinces AS SELECT * REPLACE (CAST(as_of AS DATE) AS as_of), "
            "max(CAST(as_of AS DATE)) OVER () - CAST(as_of AS DATE) AS days_behind FROM _provinces ORDER BY province"
        )
        con.unregister("_provinces")
        for name, columns in EMPTY.items():
            _stack(con, provinces, name, columns)
        con.register("_metrics", _common_metrics(provinces))
        con.execute("CREATE TABLE national_metric AS SELECT * FROM _metrics")
        con.unregister("_metrics")
        con.execute(VIEWS)
        counts = frame["status"].value_counts().to_dict()
        con.execute(
            "CREATE TABLE national_run AS SELECT CAST(? AS TIMESTAMPTZ) AS built_at, ? AS store, "
            "? AS provinces_published, ? AS provinces_missing, ? AS provinces_in_error",
            [
                datetime.now(ZoneInfo(TIME_ZONE)),
                store_uri,
                counts.get("da_cong_bo", 0),
                counts.get("chua_cong_bo", 0),
                counts.get("loi", 0),
            ],
        )
        document_national(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _page(paths: Paths) -> tuple[str | None, str | None]:
    """The national page (pipelines/national/page.py): (its path, None), or (None, why) — the
    database is the roll-up's product, a page that cannot be drawn does not undo it."""
    try:
        return str(write_page(paths.national_db, paths.national)), None
    except Exception as exc:  # noqa: BLE001 — any failure of the page is reported, the roll-up stands
        return None, f"không dựng được trang toàn quốc: {type(exc).__name__}: {exc}"


def rollup(store: Store, paths: Paths, expected: list[str] | None = None, runs: dict[str, dict] | None = None) -> dict:
    """Build `national/national.duckdb` (and `national/parquet/`) from the store; returns the
    provinces as the roll-up saw them. `runs` (the national flow's): province → its run's final
    state (`type`, `state`, `message`, `flow_run`), said in `national_provinces` (`run_state`,
    and `reason` when the run did not complete). Also writes the national page,
    `national/index.html` (`page`; `page_error` says why when it could not be written)."""
    runs = runs or {}
    expected = expected_provinces() if expected is None else expected
    paths.national.mkdir(parents=True, exist_ok=True)
    building = paths.national_db.with_name(paths.national_db.name + ".building")
    staging = paths.national / "staging.building"
    with file_lock(paths.national / ".rollup.lock"):  # one roll-up at a time per data folder
        for leftover in (building, Path(str(building) + ".wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        try:
            provinces = read_store(store, expected, staging)
            build_national(provinces, expected, building, store.uri, runs)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        os.replace(building, paths.national_db)
        export_parquet(paths.national_db, paths.national / "parquet", PARQUET_VIEWS)
        page, page_error = _page(paths)
    return {
        "db": str(paths.national_db),
        "page": page,
        "page_error": page_error,
        "provinces": [
            {
                "province": p.code,
                "name": province_names().get(p.code),
                "status": p.status,
                "reason": _reason(p, runs.get(p.code)),
                "as_of": p.manifest.get("as_of") if p.status == "da_cong_bo" else None,
                **({"run_state": (runs.get(p.code) or {}).get("state")} if runs else {}),
            }
            for p in provinces
        ],
    }
