"""Nightly increment: the published warehouse, copied aside and brought up to date with the
parsed files it does not hold yet — the same tables a full build would give, for a fraction
of the work.

    build_increment(published, building, inputs, ...) -> BuildResult | None

None means "build it whole" (the caller then runs `build.build_database`), with the reason in
`last_reason`: no published database or no build state, a different fingerprint (SQL, plan or
build code changed), a file of the published build no longer among the parsed ones, an as-of
date earlier than the published one, or a calendar that would change.

What is done instead of rebuilding:

- staging: the new files' rows are de-duplicated together with the staged rows they could
  duplicate (same dossier for hoso/tientrinh/danhgia/thanhtoan, the whole table for the small
  registers), by the staging model's own query; those staged rows are replaced. De-duplication
  keeps, per content, the row of the latest landing: applying it to the survivors plus the new
  rows gives what applying it to every row gives;
- `fct_dossier_step`, `fct_dossier`, `cur_/core_danhgia`, `cur_/core_thanhtoan`: recomputed for
  the keys (dossier, evaluation, transaction) that can have changed only — new rows, a row dated
  between the published as-of date and the new one, or (for evaluations and payments) a changed
  dossier — by the model's own query over inputs narrowed to those keys (temporary tables that
  shadow them); whole if an agency's level changed;
- every other model whose inputs changed (every model reading `run_params` does, the as-of
  date and run id change each night) is rebuilt whole, in order, as in a full build; models
  whose inputs did not change are kept as they are;
- every check runs again.

`tests/warehouse/test_incremental.py` proves it: increments night after night give the same
tables as a full build of the same files.
"""

from __future__ import annotations

import re
import shutil
import time
from datetime import date
from pathlib import Path

from pipelines.contract import ENTITIES
from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse import build as wb
from pipelines.warehouse import models as wm
from pipelines.warehouse import state as ws

# staged rows that a new row can duplicate share its dossier; other entities are small
DOSSIER_KEYED = {"hoso", "tientrinh", "danhgia", "thanhtoan", "tailieunop", "giaytoketqua", "lephi"}
# models recomputed for the changed keys only: model -> (key, the temp table of changed keys,
# its inputs narrowed to those keys); the keys are computed when first needed (`_AFFECTED`)
KEYED_MODELS = {
    "fct_dossier_step": ("ma_ho_so", "_aff_step", ("stg_tientrinh",)),
    "fct_dossier": ("ma_ho_so", "_aff", ("stg_hoso", "fct_dossier_step")),
    "cur_danhgia": ("ma_danh_gia", "_aff_ev", ("stg_danhgia",)),
    "core_danhgia": ("ma_danh_gia", "_aff_ev2", ("cur_danhgia",)),
    "cur_thanhtoan": ("ma_giao_dich", "_aff_tx", ("stg_thanhtoan",)),
    "core_thanhtoan": ("ma_giao_dich", "_aff_tx2", ("cur_thanhtoan",)),
}
# models that read every dossier's agency level: whole when an agency's level changed
BY_AGENCY = {"fct_dossier", "core_danhgia", "core_thanhtoan"}
# tables rewritten by every run (the run id, the load counts, the new files' columns)
ALWAYS_CHANGED = {"run_params", "load_summary", "file_columns"}

last_reason = ""


def _fallback(reason: str) -> None:
    global last_reason
    last_reason = reason
    return None


def _stg_model(entity: str, by_name: dict[str, wm.Model]) -> wm.Model:
    name = f"stg_{entity}"
    if name not in by_name:
        raise wm.ModelError(f"no staging model {name} for entity {entity}")
    return by_name[name]


def _merge_staging(con, db: str, entity: str, model: wm.Model) -> None:
    """Replace the staged rows the new rows could duplicate by the staging query over both."""
    stg = f'"{db}".main.{model.name}'
    if entity in DOSSIER_KEYED:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _keys AS SELECT DISTINCT ma_ho_so FROM raw_{entity}")
        hit = (
            "ma_ho_so IN (SELECT ma_ho_so FROM _keys WHERE ma_ho_so IS NOT NULL)"
            " OR (ma_ho_so IS NULL AND EXISTS (SELECT 1 FROM _keys WHERE ma_ho_so IS NULL))"
        )
    else:
        hit = "true"
    con.execute(f"INSERT INTO raw_{entity} BY NAME SELECT * FROM {stg} WHERE {hit}")
    con.execute(f"DELETE FROM {stg} WHERE {hit}")
    con.execute(f"INSERT INTO {stg} BY NAME {model.query}")


def _in_window(col: str, old_as_of: date, as_of: date) -> str:
    """Rows dated after the published as-of date and up to the new one: known only now."""
    return f"CAST({col} AS DATE) > DATE '{old_as_of}' AND CAST({col} AS DATE) <= DATE '{as_of}'"


# temp table -> the keys whose rows can differ from the published ones (raw_<entity> holds the
# new rows and the staged rows merged with them). {db}: the database; {w}: the window test.
_AFFECTED = {
    "_aff_step": """SELECT ma_ho_so FROM raw_tientrinh WHERE ma_ho_so IS NOT NULL
                    UNION SELECT ma_ho_so FROM "{db}".main.stg_tientrinh WHERE {w:thoi_diem}""",
    "_aff": """SELECT ma_ho_so FROM raw_hoso WHERE ma_ho_so IS NOT NULL
               UNION SELECT ma_ho_so FROM "{db}".main.stg_hoso WHERE {w:ngay_cap_nhat}
               UNION SELECT ma_ho_so FROM _aff_step""",
    "_aff_ev": """SELECT ma_danh_gia FROM raw_danhgia WHERE ma_danh_gia IS NOT NULL
                  UNION SELECT ma_danh_gia FROM "{db}".main.stg_danhgia WHERE {w:thoi_diem}""",
    # an evaluation changes with its own rows or with its dossier (level, agency, field)
    "_aff_ev2": """SELECT ma_danh_gia FROM _aff_ev
                   UNION SELECT ma_danh_gia FROM "{db}".main.cur_danhgia WHERE ma_ho_so IN (SELECT ma_ho_so FROM _aff)""",
    "_aff_tx": """SELECT ma_giao_dich FROM raw_thanhtoan WHERE ma_giao_dich IS NOT NULL
                  UNION SELECT ma_giao_dich FROM "{db}".main.stg_thanhtoan WHERE {w:thoi_diem}""",
    "_aff_tx2": """SELECT ma_giao_dich FROM _aff_tx
                   UNION SELECT ma_giao_dich FROM "{db}".main.cur_thanhtoan WHERE ma_ho_so IN (SELECT ma_ho_so FROM _aff)""",
}
_NEEDS = {"_aff": ("_aff_step",), "_aff_ev2": ("_aff_ev", "_aff"), "_aff_tx2": ("_aff_tx", "_aff")}


def _affected(con, db: str, name: str, old_as_of: date, as_of: date, made: set[str]) -> None:
    """Create the temp table of changed keys `name` (and those it needs), once."""
    if name in made:
        return
    for dep in _NEEDS.get(name, ()):
        _affected(con, db, dep, old_as_of, as_of, made)
    sql = re.sub(r"\{w:(\w+)\}", lambda m: _in_window(m.group(1), old_as_of, as_of), _AFFECTED[name])
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql.replace('{db}', db)}")
    made.add(name)


def _refresh_keyed(con, db: str, model: wm.Model) -> None:
    """Delete the model's rows of the changed keys and insert them again, computed by the
    model's own query over its inputs narrowed to those keys (temp tables shadowing them:
    tables, not views, so that a query may use their rowid)."""
    key, aff, shadows = KEYED_MODELS[model.name]
    target = f'"{db}".main.{model.name}'
    try:
        for t in shadows:
            con.execute(
                f'CREATE OR REPLACE TEMP TABLE {t} AS SELECT * FROM "{db}".main.{t} '
                f"WHERE {key} IN (SELECT {key} FROM {aff})"
            )
        con.execute(f"DELETE FROM {target} WHERE {key} IN (SELECT {key} FROM {aff})")
        con.execute(f"INSERT INTO {target} BY NAME {model.query}")
    finally:
        for t in shadows:
            con.execute(f"DROP TABLE IF EXISTS temp.main.{t}")


def _agencies_changed(con, db: str, model: wm.Model) -> bool:
    """dim_agency rebuilt; True if an agency's level (what fct_dossier reads) changed."""
    con.execute(f'CREATE OR REPLACE TEMP TABLE _old_agency AS SELECT ma_don_vi, level FROM "{db}".main.dim_agency')
    wm.run_model(con, model)
    diff = con.execute(f"""SELECT count(*) FROM (
        (SELECT ma_don_vi, level FROM "{db}".main.dim_agency EXCEPT SELECT * FROM _old_agency)
        UNION ALL
        (SELECT * FROM _old_agency EXCEPT SELECT ma_don_vi, level FROM "{db}".main.dim_agency))""").fetchone()[0]
    return diff > 0


def build_increment(
    published: Path,
    building: Path,
    inputs: dict[str, list[Path]],
    as_of: date | None,
    plan_paths: list[Path],
    run_id: str,
    load_summary=None,
    sql_dir: Path = SQL_DIR,
    memory_limit: str | None = None,
    landed_seq: dict[str, int] | None = None,
    file_entities: dict[str, str] | None = None,
) -> wb.BuildResult | None:
    """Bring a copy of `published` up to date with the parsed files of `inputs` it lacks.

    inputs: entity -> every parsed parquet (named <file_id>.parquet) to be in the warehouse;
    file_entities: file_id -> entity of those files. Returns None (reason in `last_reason`)
    when only a full build is right; the copy is then removed.
    """
    published, building = Path(published), Path(building)
    plan_paths = [Path(p) for p in plan_paths]
    st = ws.read_state(published)
    if st is None or st.files is None:
        return _fallback("cơ sở dữ liệu đã công bố không có trạng thái dựng (build_state)")
    if st.fingerprint != ws.fingerprint(sql_dir, plan_paths):
        return _fallback("mã SQL, tệp kế hoạch hoặc mã dựng kho đã thay đổi từ lần công bố trước")
    current = dict(file_entities or {})
    if not set(st.files) <= set(current):
        return _fallback("một tệp của lần công bố trước không còn trong các tệp đã đọc")
    if as_of is not None and as_of < st.as_of:
        return _fallback(f"ngày chốt {as_of:%d/%m/%Y} trước ngày chốt đã công bố ({st.as_of:%d/%m/%Y})")
    new = {e: [p for p in inputs.get(e, []) if p.stem not in st.files] for e in ENTITIES}

    for p in (building, building.with_name(building.name + ".wal")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    shutil.copyfile(published, building)
    timings: dict[str, float] = {"_copy_published": time.perf_counter() - t0}
    ok = False
    con = connect(building, memory_limit=memory_limit)
    try:
        db = con.execute("SELECT current_database()").fetchone()[0]
        t0 = time.perf_counter()
        con.execute("BEGIN TRANSACTION")
        if landed_seq:
            wb.register_landing(con, landed_seq)
        n_new = {e: wb.load_raw(con, e, new[e], landing=bool(landed_seq)) for e in ENTITIES}
        wb.write_file_columns(con, {e: new[e] for e in ENTITIES if new[e]}, replace=False)
        timings["_load_raw"] = time.perf_counter() - t0

        bounds = ws.combine_bounds(st.bounds, wb.data_bounds(con))
        as_of = as_of or bounds["data_as_of"] or date.today()
        if as_of < st.as_of:
            con.execute("ROLLBACK")
            return _fallback(f"ngày chốt {as_of:%d/%m/%Y} trước ngày chốt đã công bố ({st.as_of:%d/%m/%Y})")
        if as_of.year != st.as_of.year or wb.calendar_range(bounds, as_of) != wb.calendar_range(st.bounds, st.as_of):
            con.execute("ROLLBACK")
            return _fallback("năm của lịch làm việc thay đổi (dữ liệu của năm mới hoặc ngày chốt sang năm mới)")

        con.execute("DELETE FROM run_params")
        con.execute("INSERT INTO run_params VALUES (?, ?, ?)", [as_of, wb._plan_id(plan_paths), run_id])
        con.execute("COMMIT")
        wb._write_load_summary(con, run_id, load_summary)

        models = wm.order(wm.discover(sql_dir))
        by_name = {m.name: m for m in models}
        changed = set(ALWAYS_CHANGED)
        for e in ENTITIES:
            if n_new[e]:
                t0 = time.perf_counter()
                con.execute("BEGIN TRANSACTION")
                _merge_staging(con, db, e, _stg_model(e, by_name))
                con.execute("COMMIT")
                timings[f"stg_{e}"] = time.perf_counter() - t0
                changed.add(f"stg_{e}")
        staging = {f"stg_{e}" for e in ENTITIES}
        made: set[str] = set()

        for m in models:
            if m.name in staging:
                continue
            reads = set(m.depends_on) | wm._sql_identifiers(m.query or "")
            if not reads & changed and m.name not in KEYED_MODELS:
                continue  # nothing it reads changed: kept as published
            t0 = time.perf_counter()
            if m.name == "dim_agency":
                if _agencies_changed(con, db, m):
                    changed.add("_agency_levels")
            elif m.name in KEYED_MODELS and not (m.name in BY_AGENCY and "_agency_levels" in changed):
                con.execute("BEGIN TRANSACTION")
                _affected(con, db, KEYED_MODELS[m.name][1], st.as_of, as_of, made)
                _refresh_keyed(con, db, m)
                con.execute("COMMIT")
            else:
                wm.run_model(con, m)
            timings[m.name] = time.perf_counter() - t0
            changed.add(m.name)

        t0 = time.perf_counter()
        checks = wm.run_checks(con, models=models)
        timings["_checks"] = time.perf_counter() - t0
        checks.append(wb._views_still_bind(con))
        files = dict(st.files)
        files.update({p.stem: e for e in ENTITIES for p in new[e]})
        ws.write_state(con, ws.BuildState(fingerprint=st.fingerprint, as_of=as_of, bounds=bounds, files=files))
        con.execute("CHECKPOINT")
        ok = True
    finally:
        con.close()
        if not ok:
            for p in (building, building.with_name(building.name + ".wal")):
                p.unlink(missing_ok=True)
    return wb.BuildResult(db_path=building, as_of=as_of, checks=checks, model_timings=timings, mode="increment")
