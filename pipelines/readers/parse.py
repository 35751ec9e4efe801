"""Landed file -> typed Arrow table + quarantine rows; writes the parsed/quarantine parquet.

`read_file` is pure: it recognises the entity by the header, cleans text in Arrow (NFC, trim,
empty -> NULL), types every column in one DuckDB query over the Arrow string grid (coded
columns through a map of their distinct values; no Python loop over rows), and returns the loaded rows, the
quarantined rows (row, column, reason, raw cells) and the counts. `parse_pending` runs it on
every landed file that has not been parsed yet and records the outcome in the parse index
(`raw/parse_index.jsonl`), which `pipelines.landing.read_manifest` merges into the manifest.
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines.fsutil import read_jsonl
from pipelines.schema import ENTITIES
from pipelines.settings import TIME_ZONE, Paths, connect

from . import values as V
from .csv_ import read_csv
from .detect import config, sniff_format, strip_accents
from .json_ import read_json
from .pseudonym import hmac_sql, load_key
from .sheet import Sheet, UnreadableFile
from .xlsx import read_xlsx

QUARANTINE_SCHEMA = pa.schema([
    ("file_id", pa.string()), ("file_name", pa.string()), ("row", pa.int32()),
    ("column", pa.string()), ("reason", pa.string()), ("raw", pa.string()),
])
NUMERIC = ("SMALLINT", "INTEGER", "BIGINT")
CASE_MAX_DISTINCT = 64          # coded columns with at most this many distinct cells map by CASE, else by join


@dataclass
class ReadResult:
    entity: str | None
    table: pa.Table | None                 # ENTITIES[entity] columns + _row
    quarantine: list[dict] = field(default_factory=list)   # row, column, reason, raw (dict)
    error: str | None = None               # file-level: the whole file is quarantined
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_skipped: int = 0                  # title/footer/blank rows (not input rows)
    format: str | None = None
    message: str = ""

    @property
    def status(self) -> str:
        return "quarantined" if self.error else "loaded"


def today_local() -> date:
    return datetime.now(ZoneInfo(TIME_ZONE)).date()


def _read_sheet(path: Path) -> tuple[str, Sheet]:
    with open(path, "rb") as fh:
        head = fh.read(8192)
    fmt = sniff_format(head, path.name)
    if fmt == "xlsx":
        return fmt, read_xlsx(path)
    if fmt == "json":
        return fmt, read_json(path)
    if fmt == "xls":
        raise UnreadableFile(f"{path.name}: legacy .xls workbook (only .xlsx, .csv, .json are accepted)")
    return fmt, read_csv(path)


_local = threading.local()


def _connection():
    """One in-memory DuckDB connection per thread, reused from file to file (opening one
    costs more than typing a small API page)."""
    con = getattr(_local, "con", None)
    if con is None:
        con = connect()
        con.execute("SET enable_progress_bar = false")
        _local.con = con
    return con


def _title_date(title: list[str]) -> date | None:
    """`Ngày xuất danh mục: 30/06/2022` (any accepted date layout after the colon)."""
    pat = re.compile(config().title_date_pattern)
    for line in title:
        m = pat.search(strip_accents(" ".join(line.split())))
        if not m:
            continue
        raw = m.group(1).strip()
        candidates = [raw, raw.split()[0] if raw.split() else raw, " ".join(raw.split()[:2])]
        con = _connection()
        for c in candidates:
            got = con.execute(f"SELECT {V.date('x')} FROM (SELECT ?::VARCHAR AS x)", [c]).fetchall()[0][0]
            if got:
                return got
    return None


def read_file(path: Path, landed_on: date | None = None) -> ReadResult:
    """Read one landed export: entity, typed rows, quarantined rows (pure: writes nothing)."""
    path = Path(path)
    fmt = None
    try:
        with open(path, "rb") as fh:
            fmt = sniff_format(fh.read(8192), path.name)
        fmt, sheet = _read_sheet(path)
    except UnreadableFile as exc:
        return ReadResult(entity=None, table=None, error=str(exc), message=str(exc), format=fmt)
    except Exception as exc:  # anything unexpected in a reader is still a whole-file quarantine
        first = (str(exc).strip().splitlines() or [""])[0]
        msg = f"{path.name}: cannot be read ({type(exc).__name__}: {first})"
        return ReadResult(entity=None, table=None, error=msg, message=msg, format=fmt)
    try:
        res = _type_sheet(sheet, path, landed_on or today_local())
    except Exception as exc:
        msg = f"{path.name}: {sheet.match.entity} file could not be typed ({type(exc).__name__}: {exc})"
        return ReadResult(entity=sheet.match.entity, table=None, error=msg, message=msg, format=fmt)
    res.format = fmt
    return res


def _clean_arrow(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """NFC, trimmed (Unicode whitespace), empty -> NULL: vectorised in Arrow."""
    col = pc.utf8_trim_whitespace(pc.utf8_normalize(col, form="NFC"))
    return pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)


def _type_sheet(sheet: Sheet, path: Path, landed_on: date) -> ReadResult:
    cfg = config()
    ent = sheet.match.entity
    spec = cfg.entities[ent]
    schema = ENTITIES[ent]
    mapping = sheet.match.columns                     # pos -> canonical
    pos_of = {canon: pos for pos, canon in mapping.items()}
    header_of = {canon: str(sheet.header[pos]).strip() for pos, canon in mapping.items()}
    codes = spec.get("codes", {}) or {}
    defaults = spec.get("defaults", {}) or {}
    required = list(spec["required"])
    if ent == "tientrinh" and "buoc" in pos_of:
        required.append("buoc")
    keycol = required[0]

    S = {canon: V.ident("s_" + canon) for canon in pos_of}
    con = _connection()
    registered: list[str] = []
    try:
        cols = [_clean_arrow(sheet.data.column(f"c{pos}")) for pos in pos_of.values()]
        names = [S[canon].strip('"') for canon in pos_of]
        unmapped = [f"c{i}" for i in range(len(sheet.header)) if i not in mapping
                    and f"c{i}" in sheet.data.column_names]
        if sheet.grid and unmapped:
            # text of the ignored columns, only to recognise footer rows such as a
            # `Tổng cộng: …` written in an STT column
            other = pc.binary_join_element_wise(
                *[pc.fill_null(sheet.data.column(c), "") for c in unmapped], "\x1f")
            cols.append(other)
            names.append("__other")
        g = pa.table(cols + [sheet.data.column("__row")], names=names + ["__row"])
        con.register("g", g)
        registered.append("g")
        con.execute("CREATE TEMP VIEW s AS SELECT * FROM g")

        # --- title / blank / footer rows (spreadsheet-like files only) ---------------------
        nonempty = " + ".join(f"({S[c]} IS NOT NULL)::INTEGER" for c in pos_of) or "0"
        if sheet.grid:
            pat = "|".join(f"({p})" for p in cfg.footer_patterns)
            # one regex over all cells of the row joined by \x1f (cheaper than one per cell)
            cell_pat = "|".join(
                "(^|\\x1f)" + p[1:].replace(".{", "[^\\x1f]{") if p.startswith("^") else p
                for p in cfg.footer_patterns)
            joined = f"concat_ws(chr(31), {', '.join([S[c] for c in pos_of] + (['__other'] if '__other' in g.column_names else []))})"
            text_hits = f"coalesce(regexp_matches({V.fold(joined)}, {V.lit(cell_pat)}), false)"
            mapped_joined = f"concat_ws(chr(31), {', '.join(S[c] for c in pos_of)})"
            k = S[keycol]
            con.execute(f"""
                CREATE TEMP TABLE cls AS
                SELECT __row, n_nonempty, footer OR (numbering AND __row <= min(__row) OVER () + 1) AS footer,
                       max(CASE WHEN NOT keyless AND NOT footer AND NOT numbering THEN __row END) OVER () AS last_keyed,
                       min(CASE WHEN footer THEN __row END) OVER () AS first_footer,
                       keyless
                FROM (SELECT __row, {nonempty} AS n_nonempty, {k} IS NULL AS keyless,
                             -- a footer row is sparse ("Tổng cộng: …", "Người lập biểu"): a full
                             -- data row with an empty key whose text happens to start with
                             -- "Xác nhận…" is a bad row to quarantine, not a footer to skip
                             CASE WHEN {k} IS NOT NULL AND regexp_matches({V.fold(k)}, {V.lit(pat)})
                                  THEN ({text_hits})
                                  WHEN {k} IS NULL AND ({nonempty}) <= 3 THEN ({text_hits})
                                  ELSE false END AS footer,
                             -- the column-numbering row some reports put under the header: (1) (2) (3)…
                             coalesce(regexp_full_match({mapped_joined},
                                 '\\(?[0-9]{{1,3}}\\)?(\\x1f\\(?[0-9]{{1,3}}\\)?){{2,}}'), false) AS numbering
                      FROM s)""")
            con.execute(f"""
                CREATE TEMP TABLE skip AS
                SELECT __row FROM cls
                WHERE n_nonempty = 0 OR footer
                   OR (keyless AND __row > coalesce(first_footer, 2147483647))
                   OR (keyless AND __row > coalesce(last_keyed, -1)
                       AND (n_nonempty <= 2 OR n_nonempty * 2 < {len(pos_of)}))
                   OR (__row > coalesce(first_footer, 2147483647) AND n_nonempty < 2)""")
        else:
            con.execute("CREATE TEMP TABLE skip AS SELECT __row FROM s WHERE false")
        skipped = con.execute("SELECT count(*) FROM skip").fetchall()[0][0] + sheet.skipped_lines

        # --- typed columns -------------------------------------------------------------
        # v_<col>: the typed value (NULL if it does not parse); checks compare it with s_<col>;
        # the final select applies defaults. Coded columns join a map of their distinct values.
        typed: dict[str, str] = {}
        checks: dict[str, tuple[str, str]] = {}     # col -> (raw expr, reason prefix)
        final: dict[str, str] = {}                  # col -> final expression over v_ columns
        joins: list[str] = []
        title_day = _title_date(sheet.title) if ent == "tthc" else None
        key_bytes = load_key() if ent == "hoso" else b""

        coded_cols = [c for c in pos_of if c in codes or schema.get(c) == "BOOLEAN"
                      or (ent == "tthc" and c == "cap_thuc_hien")]
        distinct_of: dict[str, list] = {}
        for c in coded_cols:                        # distinct values of each coded column (Arrow)
            u = pc.unique(g.column(S[c].strip('"')))
            distinct_of[c] = [v for v in u.to_pylist() if v is not None]

        def code_join(col: str, src: str, typ: str, fn) -> str:
            distinct = distinct_of[col] if col in distinct_of else [r[0] for r in con.execute(
                f"SELECT DISTINCT {src} FROM s WHERE {src} IS NOT NULL").fetchall()]
            vals = [fn(v) for v in distinct]
            if len(distinct) <= CASE_MAX_DISTINCT and typ != "VARCHAR[]":
                # few distinct cells (the usual case): a CASE on the exact text, no join
                whens = " ".join(f"WHEN {V.lit(d)} THEN {V._sql_value(c, typ)}"
                                 for d, c in zip(distinct, vals) if c is not None)
                return f"CAST((CASE {src} {whens} END) AS {typ})" if whens else f"CAST(NULL AS {typ})"
            mt = f"m_{len(joins)}"
            arrow_type = {"SMALLINT": pa.int16(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
                          "BOOLEAN": pa.bool_(), "VARCHAR": pa.string(),
                          "VARCHAR[]": pa.list_(pa.string())}[typ]
            con.register(mt, pa.table({"v": pa.array(distinct, pa.string()),
                                       "code": pa.array(vals, arrow_type)}))
            registered.append(mt)
            joins.append(f"LEFT JOIN {mt} ON s.{src} = {mt}.v")
            return f"{mt}.code"

        for col, typ in schema.items():
            src = S.get(col)
            v = f"v_{col}"
            final[col] = V.ident(v)
            if ent == "hoso" and col == "ma_tthc_goc":
                typed[v] = S.get("ma_tthc", "NULL::VARCHAR")
            elif ent == "hoso" and col == "nguoi_nop_pseudo":
                typed[v] = hmac_sql(S["so_giay_to"], key_bytes) if "so_giay_to" in S else "NULL::VARCHAR"
            elif ent == "tientrinh" and col == "hanh_dong":
                typed[v] = V.action(S["noi_dung"]) if "noi_dung" in S else "NULL::VARCHAR"
            elif ent == "tientrinh" and col == "buoc" and src is None:
                typed[v] = (f"CAST(row_number() OVER (PARTITION BY {S['ma_ho_so']} ORDER BY __row) "
                            f"AS INTEGER)")
            elif ent == "tthc" and col == "ngay_xuat":
                fallback = title_day or landed_on
                typed[v] = V.date(src) if src else "NULL::DATE"
                final[col] = f"coalesce({V.ident(v)}, DATE {V.lit(fallback.isoformat())})"
                if src:
                    checks[col] = (src, "not a date: ")
            elif src is None:
                d = defaults.get(col)
                typed[v] = f"CAST({'NULL' if d is None else V._sql_value(d, typ)} AS {typ})"
            elif col == "ma_tthc":
                typed[v] = V.national_tthc(src)
            elif ent == "tthc" and col == "cap_thuc_hien":
                typed[v] = code_join(col, src, typ, V.map_levels)
                checks[col] = (src, "unknown level in: ")
            elif ent == "baocao" and col == "ky_bao_cao":
                typed[v] = V.report_period(src)
            elif col in codes or typ == "BOOLEAN":
                lst = codes.get(col, "boolean")
                typed[v] = code_join(col, src, typ, lambda x, lst=lst, typ=typ: V.map_code(x, lst, typ))
                checks[col] = (src, f"unknown code ({lst}): " if col in codes else "not a yes/no value: ")
            elif typ == "TIMESTAMP":
                typed[v] = V.timestamp(src)
                checks[col] = (src, "not a date/time: ")
            elif typ == "DATE":
                typed[v] = V.date(src)
                checks[col] = (src, "not a date: ")
            elif typ in NUMERIC:
                typed[v] = V.integer(src, typ)
                checks[col] = (src, "not an integer: ")
            else:
                typed[v] = src
            d = defaults.get(col)
            if d is not None and src is not None:
                final[col] = f"coalesce({V.ident(v)}, CAST({V._sql_value(d, typ)} AS {typ}))"
        all_errors = {f"key:{c}": f"CASE WHEN {S[c]} IS NULL THEN 'missing key' END" for c in required}
        for col, (raw, what) in checks.items():
            all_errors[col] = (f"CASE WHEN {raw} IS NOT NULL AND {V.ident('v_' + col)} IS NULL "
                               f"THEN {V.lit(what)} || {raw} END")
        err_names = {name: f"__e{i}" for i, name in enumerate(all_errors)}
        bad_tests = [f"{S[c]} IS NULL" for c in required] + [
            f"({raw} IS NOT NULL AND {V.ident('v_' + col)} IS NULL)" for col, (raw, _) in checks.items()]
        any_bad = " OR ".join(bad_tests) or "false"
        sel_typed = ", ".join(f"{expr} AS {V.ident(v)}" for v, expr in typed.items())
        keep_raw = sorted({S[c] for c in required} | {raw for raw, _ in checks.values()})
        con.execute(f"""
            CREATE TEMP TABLE t AS
            SELECT __row, {', '.join(V.ident(v) for v in typed)}, ({any_bad}) AS __bad
            FROM (SELECT s.__row, {', '.join('s.' + r for r in keep_raw) + ', ' if keep_raw else ''}{sel_typed}
                  FROM s {' '.join(joins)}
                  WHERE s.__row NOT IN (SELECT __row FROM skip))""")
        cast_cols = ", ".join(f"CAST({final[c]} AS {t}) AS {V.ident(c)}" for c, t in schema.items())
        table = con.sql(f"SELECT {cast_cols}, CAST(__row AS INTEGER) AS _row FROM t "
                            f"WHERE NOT __bad ORDER BY __row").to_arrow_table()
        n_input, n_bad = con.execute("SELECT count(*), count(*) FILTER (WHERE __bad) FROM t").fetchall()[0]
        quarantine: list[dict] = []
        if err_names and n_bad:
            bad = con.execute(f"""
                SELECT __row, name, reason FROM (
                    UNPIVOT (SELECT __row, {', '.join(f"{e} AS {n}" for e, n in zip(all_errors.values(), err_names.values()))}
                             FROM (SELECT t.*, {', '.join('s.' + r for r in keep_raw) or 'NULL AS __none'}
                                   FROM t JOIN s USING (__row) WHERE t.__bad))
                    ON {', '.join(err_names.values())} INTO NAME name VALUE reason)
                ORDER BY __row""").fetchall()
        else:
            bad = []
    finally:
        for kind, obj in (("VIEW", "s"), ("TABLE", "cls"), ("TABLE", "skip"), ("TABLE", "t")):
            con.execute(f"DROP {kind} IF EXISTS {obj}")
        for name in registered:
            con.unregister(name)

    by_err = {v: k for k, v in err_names.items()}
    bad_rows = sorted({r for r, _, _ in bad})
    raw_by_row = _raw_cells(sheet, bad_rows)
    for r, name, reason in bad:
        canon = by_err[name].removeprefix("key:")
        quarantine.append({"row": int(r), "column": header_of.get(canon, canon),
                           "reason": f"{canon}: {reason}", "raw": raw_by_row.get(r)})
    for r, reason, text in sheet.dropped:
        quarantine.append({"row": r, "column": None, "reason": reason, "raw": {"_line": text}})
    rows_in = n_input + len(sheet.dropped)
    rows_q = len(bad_rows) + len(sheet.dropped)
    assert rows_in == table.num_rows + rows_q, "row conservation broken"
    msg = f"{ent}: {rows_in} rows in, {table.num_rows} loaded, {rows_q} quarantined"
    if skipped:
        msg += f", {skipped} title/footer/blank rows skipped"
    if sheet.match.extra:
        msg += "; ignored columns: " + ", ".join(sheet.match.extra)
    return ReadResult(entity=ent, table=table, quarantine=quarantine, rows_in=rows_in,
                      rows_loaded=table.num_rows, rows_quarantined=rows_q, rows_skipped=skipped,
                      message=msg)


def _raw_cells(sheet: Sheet, rows: list[int]) -> dict[int, dict]:
    """The original cells (header -> text) of the quarantined rows only."""
    if not rows:
        return {}
    sub = sheet.data.filter(pc.is_in(sheet.data.column("__row"), pa.array(rows, pa.int32())))
    out = {}
    names = [str(h).strip() if h is not None else f"col{i + 1}" for i, h in enumerate(sheet.header)]
    for rec in sub.to_pylist():
        out[rec["__row"]] = {names[i]: rec[f"c{i}"] for i in range(len(names))
                             if rec.get(f"c{i}") not in (None, "")}
    return out


# ---------------------------------------------------------------------------------------
# parse_pending: the parse index and the parquet outputs
# ---------------------------------------------------------------------------------------

def parse_index_path(paths: Paths) -> Path:
    return paths.raw / "parse_index.jsonl"


def read_parse_index(paths: Paths) -> dict[str, dict]:
    """file_id -> latest parse entry."""
    # a torn last line from a crash is skipped: that file is simply parsed again
    return {e["file_id"]: e for e in read_jsonl(parse_index_path(paths))}


def _write_parquet_atomic(table: pa.Table, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, dest)


def _append_line(path: Path, entry: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def quarantine_table(file_id: str, file_name: str, rows: list[dict]) -> pa.Table:
    return pa.table({
        "file_id": [file_id] * len(rows),
        "file_name": [file_name] * len(rows),
        "row": [r.get("row") for r in rows],
        "column": [r.get("column") for r in rows],
        "reason": [r.get("reason") for r in rows],
        "raw": [json.dumps(r["raw"], ensure_ascii=False) if r.get("raw") is not None else None
                for r in rows],
    }, schema=QUARANTINE_SCHEMA)


def parse_one(paths: Paths, entry: dict) -> dict:
    """Read one landed file, write its parsed and quarantine Parquet; returns its index entry."""
    from pipelines.landing import landed_path

    fid = entry["file_id"]
    name = entry["original_name"]
    src = landed_path(paths, fid, name)
    landed_on = datetime.fromisoformat(entry["arrived_at"]).date() if entry.get("arrived_at") else None
    t0 = time.perf_counter()
    res = read_file(src, landed_on=landed_on)
    # messages name the original file, not the content-addressed copy
    if res.error:
        res.error = res.error.replace(src.name, name)
        if not res.error.startswith(name):
            res.error = f"{name}: {res.error}"
        res.message = res.error
    res.message = res.message.replace(src.name, name)
    qrows = res.quarantine if not res.error else [
        {"row": None, "column": None, "reason": res.message, "raw": None}]
    if res.table is not None and not res.error:
        t = res.table.append_column("_file_id", pa.array([fid] * res.table.num_rows, pa.string()))
        _write_parquet_atomic(t, paths.parsed / res.entity / f"{fid}.parquet")
    qpath = paths.quarantine / f"{fid}.parquet"
    if qrows:
        _write_parquet_atomic(quarantine_table(fid, name, qrows), qpath)
    else:
        qpath.unlink(missing_ok=True)         # a stale outcome of an earlier attempt
    return {
        "file_id": fid, "original_name": name, "entity": res.entity,
        "rows_in": res.rows_in, "rows_loaded": res.rows_loaded,
        "rows_quarantined": res.rows_quarantined, "rows_skipped": res.rows_skipped,
        "status": res.status, "message": res.message, "format": res.format,
        "parsed_at": datetime.now(ZoneInfo(TIME_ZONE)).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 3),
    }


def parse_workers(n_files: int) -> int:
    """Processes for reading: files are independent, so a year's backlog uses every core; a
    night's few files stay in this process (starting workers would cost more than it saves)."""
    wanted = int(os.environ.get("MOTCUA_PARSE_WORKERS", "0")) or (os.cpu_count() or 1)
    return 1 if n_files < 16 else max(1, min(wanted, n_files))


def parse_pending(paths: Paths, progress=None, retry_quarantined: bool = False) -> list[dict]:
    """Parse every landed file not parsed yet; record the outcome; return per-file results.

    `retry_quarantined=True` also re-reads the files quarantined whole (e.g. after a new
    vendor header was added to aliases.yaml); the new outcome supersedes the old one. Only
    this process appends to the parse index, whichever process read the file.
    """
    from pipelines.landing import read_manifest_entries

    paths.ensure()
    done = read_parse_index(paths)
    todo = [e for e in read_manifest_entries(paths)
            if e["file_id"] not in done
            or (retry_quarantined and done[e["file_id"]].get("status") == "quarantined")]
    results = []
    workers = parse_workers(len(todo))
    if workers == 1:
        outcomes = (parse_one(paths, e) for e in todo)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent may hold DuckDB and Prefect threads
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"))
        outcomes = pool.map(parse_one, [paths] * len(todo), todo, chunksize=4)
    try:
        for i, out in enumerate(outcomes):
            if progress:
                progress(i, len(todo), out["original_name"])
            _append_line(parse_index_path(paths), out)
            results.append(out)
    finally:
        if workers > 1:
            pool.shutdown()
    if progress:
        progress(len(todo), len(todo), "done")
    return results
