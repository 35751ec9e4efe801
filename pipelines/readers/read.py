"""Landed file -> typed Arrow table + quarantine rows (pure: it writes nothing).

`read_file` is pure: it recognises the entity by the header, cleans text in Arrow (NFC, trim,
empty -> NULL: `clean`), skips the report furniture of spreadsheets (`furniture`), types every
column in one DuckDB query over the Arrow string grid, and returns the loaded rows, the
quarantined rows (row, column, reason, raw cells) and the counts. No Python loop over rows: what
Arrow does exactly and cheaply is prepared in Arrow and read by the query (coded columns mapped
over their distinct cells, integers' digits, the common date layouts); a file costs one typing
query (plus one over its bad rows for the reasons, and one over the few furniture candidates),
no temporary table, since on the many small files the fixed cost per statement dominates.
`pipelines.raw.parse_runs.parse_pending` runs it on every landed file that has not been parsed
yet and records the outcome in the raw zone.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.contract import DERIVED, ENTITIES, MONEY
from pipelines.settings import TIME_ZONE, connect

from . import values as V
from .clean import clean_columns
from .csv_sheet import read_csv
from .detect import config, sniff_format, strip_accents
from .furniture import skipped_rows
from .json_sheet import read_json
from .mojibake import suspect_cells
from .pseudonym import hmac_sql, load_key
from .sheet import Sheet, UnreadableFile
from .xls_sheet import read_xls
from .xlsx_sheet import read_xlsx

QUARANTINE_SCHEMA = pa.schema(
    [
        ("file_id", pa.string()),
        ("file_name", pa.string()),
        ("row", pa.int32()),
        ("column", pa.string()),
        ("reason", pa.string()),
        ("raw", pa.string()),
    ]
)
NUMERIC = ("SMALLINT", "INTEGER", "BIGINT")
# encodings other than UTF-8 named in a loaded file's message
ENCODING_NAMES = {"cp1258": "Windows-1258", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}
# Plausible dates (docs/parsed-contract.md, "Plausible values"): from EARLIEST_DATE to a year after
# the file landed (the reader does not know the run's as-of date; a file never describes events
# more than a year after it was exported, deadlines included).
EARLIEST_DATE = date(2000, 1, 1)
# parsed columns computed from another column of the file, and those the reader always fills
# (a TIENTRINH step number counted in file order, a catalogue date taken from the title or the
# landing date): what `ReadResult.columns` counts as carried
DERIVED_FROM = {
    ("hoso", "ma_tthc_goc"): "ma_tthc",
    ("hoso", "nguoi_nop_pseudo"): "so_giay_to",
    ("tientrinh", "hanh_dong"): "noi_dung",
}
ALWAYS_FILLED = {("tientrinh", "buoc"), ("tthc", "ngay_xuat")}


def latest_date(landed_on: date) -> date:
    """The last plausible date of a file landed on `landed_on`: one year later (29/02 -> 28/02)."""
    try:
        return landed_on.replace(year=landed_on.year + 1)
    except ValueError:
        return landed_on.replace(year=landed_on.year + 1, day=28)


def _vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class ReadResult:
    entity: str | None
    table: pa.Table | None  # ENTITIES[entity] columns + _row
    quarantine: list[dict] = field(default_factory=list)  # row, column, reason, raw (dict)
    error: str | None = None  # file-level: the whole file is quarantined
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_skipped: int = 0  # title/footer/blank rows (not input rows)
    format: str | None = None
    message: str = ""
    notes: list[str] = field(default_factory=list)  # warnings on a loaded file (formulas, encoding)
    # the parsed columns the file carried (its header named them, or they derive from one it
    # named): a column outside this list is NULL because the export lacks it, not because its
    # cells are empty (metrics.md, "Required columns: no value without its data")
    columns: list[str] = field(default_factory=list)
    # entities nested in a DVCQG dossier (TaiLieuNop, ...): one result each, their rows numbered
    # in the order of the flattened arrays
    children: list[ReadResult] = field(default_factory=list)

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
        return fmt, read_xls(path)
    return fmt, read_csv(path)


_local = threading.local()


def _connection():
    """One in-memory DuckDB connection per thread, reused from file to file (opening one
    costs more than typing a small API page). One DuckDB thread: a file's queries scan one
    Arrow chunk (nothing to share out), the files themselves run one process per core, and
    measured with two workers, a second thread per connection only added CPU (+10% on small
    files)."""
    con = getattr(_local, "con", None)
    if con is None:
        con = connect(threads=1)
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
    for child in sheet.nested:
        res.children.append(_nested_result(child, path, landed_on or today_local(), fmt))
    if res.children:
        res.message += "; " + "; ".join(f"lồng trong hồ sơ: {c.message}" for c in res.children)
    return res


def _nested_result(child: Sheet, path: Path, landed_on: date, fmt: str) -> ReadResult:
    """The rows of an entity nested in a dossier file; a failure to type them quarantines those
    rows (every one), never the dossiers."""
    try:
        res = _type_sheet(child, path, landed_on)
    except Exception as exc:
        n = child.data.num_rows
        msg = f"{child.match.entity}: {n} rows in, 0 loaded, {n} quarantined ({type(exc).__name__}: {exc})"
        res = ReadResult(entity=child.match.entity, table=None, rows_in=n, rows_quarantined=n, message=msg)
        res.quarantine = [{"row": None, "column": None, "reason": msg, "raw": None}]
    res.format = fmt
    return res


# The typing reads the cleaned text of the parsed columns and of the pseudonymised id only; the
# other mapped columns (names, addresses…) matter to the footer rule alone, which cleans the
# few rows it reads itself.
def _typing_reads(canon: str, schema: dict, ent: str = "") -> bool:
    return canon in schema or canon == "so_giay_to" or canon in DERIVED.get(ent, {}).values()


def _clean_grid(sheet: Sheet, pos_of: dict[str, int], schema: dict) -> pa.Table:
    """s_<col>: cleaned text of the mapped columns the typing reads; __row."""
    read = [canon for canon in pos_of if _typing_reads(canon, schema, sheet.match.entity)]
    cols = clean_columns([sheet.data.column(f"c{pos_of[canon]}") for canon in read])
    return pa.table(cols + [sheet.data.column("__row")], names=["s_" + c for c in read] + ["__row"])


def _code_array(codes: list, typ: str) -> pa.Array:
    """Codes of the distinct cells as Arrow; the query casts them to `typ`, as it cast the SQL
    literal `V._sql_value(code, typ)` before."""
    if typ in NUMERIC:
        return pa.array([None if c is None else int(c) for c in codes], pa.int64())
    if typ == "VARCHAR[]":
        return pa.array(codes, pa.list_(pa.string()))
    if all(c is None or isinstance(c, bool) for c in codes) and typ == "BOOLEAN":
        return pa.array(codes, pa.bool_())
    return pa.array(
        [None if c is None else ("true" if c else "false") if isinstance(c, bool) else str(c) for c in codes],
        pa.string(),
    )


def _map_distinct(col: pa.ChunkedArray, fn, typ: str) -> pa.ChunkedArray:
    """A coded column: `fn` (Python) over its distinct cells only, then looked up per cell."""
    distinct = pc.unique(col).drop_null()
    codes = _code_array([fn(v) for v in distinct.to_pylist()], typ)
    return pc.take(codes, pc.index_in(col, value_set=distinct))


def _per_distinct(col: pa.ChunkedArray, fn) -> pa.ChunkedArray:
    """An Arrow function of the text over the distinct cells only (amounts, step numbers: a few
    values repeated on every row), looked up per cell."""
    distinct = pc.unique(col).drop_null()
    return pc.take(fn(distinct), pc.index_in(col, value_set=distinct))


def _map_distinct_sql(con, col: pa.ChunkedArray, select: str) -> pa.ChunkedArray:
    """A column typed by a costly SQL expression with few distinct cells: `select` (columns x,
    y from the table `grid` of the distinct cells x) over the distinct cells only."""
    res = _arrow_query(con, select, pa.table({"x": pc.unique(col).drop_null()}))
    return pc.take(res.column("y"), pc.index_in(col, value_set=res.column("x").combine_chunks()))


def _actions(con, noi_dung: pa.ChunkedArray) -> pa.ChunkedArray:
    """TIENTRINH hanh_dong: a dozen prefixes tried on the folded text, over its distinct cells
    (a handful of step wordings per file), the text folded once per cell."""
    return _map_distinct_sql(
        con, noi_dung, f"SELECT x, {V.action('x', folded='f')} AS y FROM (SELECT x, {V.fold('x')} AS f FROM grid)"
    )


@dataclass
class _Typing:
    """How the parsed columns come out of the grid (s_<col>: cleaned text, __row).

    v_<col> is the typed value (NULL if the cell does not parse), an SQL expression over the
    grid; the checks compare it with the text; `final` is the parsed value. Columns computed in
    Arrow (`prepared`: codes over their distinct cells, integers' digits, common date layouts,
    TIENTRINH actions) are added to the grid and read by the SQL like the text.
    """

    schema: dict
    S: dict[str, str]  # canonical -> quoted s_<col>
    required: list[str]
    typed: dict[str, str] = field(default_factory=dict)
    checks: dict[str, tuple[str, str]] = field(default_factory=dict)  # col -> (text, reason prefix)
    # col -> (SQL test on the typed value v_<col>, SQL reason): a value that parses but cannot be
    # true (a date outside the plausible range, a negative amount)
    limits: dict[str, tuple[str, str]] = field(default_factory=dict)
    final: dict[str, str] = field(default_factory=dict)
    prepared: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    absent: set[str] = field(default_factory=set)  # parsed columns the file does not carry

    def carried(self) -> list[str]:
        return [c for c in self.schema if c not in self.absent]

    def arrow(self, v: str, arr: pa.ChunkedArray, typ: str) -> str:
        self.prepared[v] = arr
        return f"CAST({V.ident(v)} AS {typ})"

    def errors(self) -> dict[str, tuple[str, str]]:
        """name (`key:<col>` or the column) -> (SQL test, SQL reason)."""
        out = {f"key:{c}": (f"{self.S[c]} IS NULL", "'missing key'") for c in self.required}
        for col, (text, what) in self.checks.items():
            out[col] = (f"{text} IS NOT NULL AND {V.ident('v_' + col)} IS NULL", f"{V.lit(what)} || {text}")
        for col, (test, reason) in self.limits.items():
            out[f"range:{col}"] = (test, reason)
        return out

    def _inner(self, columns) -> str:
        keep = sorted(
            {self.S[c] for c in self.required}
            | {t for t, _ in self.checks.values()}
            | {self.S[c] for c in self.limits if c in self.S}
        )
        return ", ".join(["__row", *keep] + [f"{self.typed[v]} AS {V.ident(v)}" for v in columns])

    def rows_sql(self) -> str:
        """Every row: the parsed columns, _row, and whether a check fails (__bad)."""
        bad = " OR ".join(f"({t})" for t, _ in self.errors().values()) or "false"
        outer = ", ".join(
            [f"CAST({self.final[c]} AS {t}) AS {V.ident(c)}" for c, t in self.schema.items()]
            + ["CAST(__row AS INTEGER) AS _row", f"({bad}) AS __bad"]
        )
        return f"SELECT {outer} FROM (SELECT {self._inner(self.typed)} FROM grid)"

    def _checked(self) -> list[str]:
        return ["v_" + c for c in self.checks] + ["v_" + c for c in self.limits if c not in self.checks]

    def reasons_sql(self) -> tuple[str, dict[str, str]]:
        """(row, error name, reason) of the failed checks, by row; and error name -> name."""
        errors = self.errors()
        names = {f"__e{i}": name for i, name in enumerate(errors)}
        cases = ", ".join(f"CASE WHEN {t} THEN {r} END AS {e}" for e, (t, r) in zip(names, errors.values()))
        return (
            f"""SELECT __row, name, reason FROM (
                      UNPIVOT (SELECT __row, {cases}
                               FROM (SELECT {self._inner(self._checked())} FROM grid))
                      ON {", ".join(names)} INTO NAME name VALUE reason)
                    ORDER BY __row""",
            names,
        )


def _plan_typing(con, sheet: Sheet, g: pa.Table, landed_on: date) -> _Typing:
    ent = sheet.match.entity
    spec = config().entities[ent]
    codes = spec.get("codes", {}) or {}
    S = {canon: V.ident("s_" + canon) for canon in sheet.match.columns.values()}
    required = list(spec["required"])
    if ent == "tientrinh" and "buoc" in S:
        required.append("buoc")
    if ent == "lephi" and "stt" in S:
        required.append("stt")
    t = _Typing(schema=ENTITIES[ent], S=S, required=required)
    title_day = _title_date(sheet.title) if ent in SNAPSHOT_DATED else None
    derived = DERIVED.get(ent, {})
    key_bytes = load_key() if ent == "hoso" else b""

    def timestamp_of(v: str, col: str, typ: str) -> str:
        # one common layout in the whole column: parsed in Arrow (no strptime to bind, the
        # cost of a small file); anything else: every layout, in SQL
        fast = V.timestamp_fast(g.column("s_" + col))
        if fast is not None:
            return t.arrow(v, fast, typ)
        return V.timestamp(S[col]) if typ == "TIMESTAMP" else V.date(S[col])

    for col, typ in t.schema.items():
        src = S.get(col)
        v = f"v_{col}"
        t.final[col] = V.ident(v)
        # derived columns are carried when the column they derive from is
        if (src or S.get(DERIVED_FROM.get((ent, col), ""))) is None and (ent, col) not in ALWAYS_FILLED:
            t.absent.add(col)
        if ent == "hoso" and col == "ma_tthc_goc":
            t.typed[v] = S.get("ma_tthc", "NULL::VARCHAR")
        elif ent == "hoso" and col == "nguoi_nop_pseudo":
            t.typed[v] = hmac_sql(S["so_giay_to"], key_bytes) if "so_giay_to" in S else "NULL::VARCHAR"
        elif ent == "tientrinh" and col == "hanh_dong":
            t.typed[v] = t.arrow(v, _actions(con, g.column("s_noi_dung")), typ) if "noi_dung" in S else "NULL::VARCHAR"
        elif (ent, col) in NUMBERED_IN_FILE_ORDER and src is None:
            t.typed[v] = f"CAST(row_number() OVER (PARTITION BY {S['ma_ho_so']} ORDER BY __row) AS INTEGER)"
        elif col in derived:
            # only whether the personal cell was filled in; absent column: unknown, not "no"
            t.typed[v] = f"({S[derived[col]]} IS NOT NULL)" if derived[col] in S else "NULL::BOOLEAN"
        elif ent in SNAPSHOT_DATED and col == "ngay_xuat":
            fallback = title_day or landed_on
            t.typed[v] = timestamp_of(v, col, "DATE") if src else "NULL::DATE"
            t.final[col] = f"coalesce({V.ident(v)}, DATE {V.lit(fallback.isoformat())})"
            if src:
                t.checks[col] = (src, "not a date: ")
        elif src is None:
            # an absent column stays NULL: no default stands in for it (metrics.md, "Required
            # columns"); the source's empty-cell rules are applied in SQL (exports.md)
            t.typed[v] = f"CAST(NULL AS {typ})"
        elif col == "ma_tthc":
            t.typed[v] = V.national_tthc(src)
        elif ent == "tthc" and col == "cap_thuc_hien":
            t.typed[v] = t.arrow(v, _map_distinct(g.column("s_" + col), V.map_levels, typ), typ)
            t.checks[col] = (src, "unknown level in: ")
        elif ent == "baocao" and col == "ky_bao_cao":
            t.typed[v] = V.report_period(src)
        elif col in codes or typ == "BOOLEAN":
            lst = codes.get(col, "boolean")
            fn = lambda x, lst=lst, typ=typ: V.map_code(x, lst, typ)  # noqa: E731
            t.typed[v] = t.arrow(v, _map_distinct(g.column("s_" + col), fn, typ), typ)
            t.checks[col] = (src, f"unknown code ({lst}): " if col in codes else "not a yes/no value: ")
        elif typ == "TIMESTAMP":
            t.typed[v] = timestamp_of(v, col, typ)
            t.checks[col] = (src, "not a date/time: ")
        elif typ == "DATE":
            t.typed[v] = timestamp_of(v, col, typ)
            t.checks[col] = (src, "not a date: ")
        elif typ in NUMERIC:
            t.prepared[f"n_{col}"] = _per_distinct(g.column("s_" + col), V.integer_text)
            t.typed[v] = V.integer_cast(V.ident(f"n_{col}"), typ)
            t.checks[col] = (src, "not an integer: ")
        else:
            t.typed[v] = src
    _plausible(t, ent, landed_on)
    return t


# snapshots whose date may sit in a title row, else is the landing date (exports.md, TTHC)
SNAPSHOT_DATED = ("tthc", "tthc_donvi")
# order numbers a DVCQG payload does not carry: numbered per dossier in file order
NUMBERED_IN_FILE_ORDER = {("tientrinh", "buoc"), ("lephi", "stt")}


def _plausible(t: _Typing, ent: str, landed_on: date) -> None:
    """Values that parse but cannot be true quarantine their row: a date (typed from the file)
    before EARLIEST_DATE or after `latest_date(landed_on)`, a negative amount of money. One
    comparison per cell in the typing query, on the typed value."""
    lo, hi = EARLIEST_DATE, latest_date(landed_on)
    span = f"{lo:%d/%m/%Y} – {hi:%d/%m/%Y}"
    for col, typ in t.schema.items():
        v = V.ident("v_" + col)
        if typ in ("DATE", "TIMESTAMP") and col in t.checks:
            t.limits[col] = (
                f"{v} IS NOT NULL AND ({v} < DATE {V.lit(lo.isoformat())} "
                f"OR {v} >= DATE {V.lit((hi + timedelta(days=1)).isoformat())})",
                V.lit(f"ngày nằm ngoài khoảng hợp lý ({span}: từ năm 2000 đến ngày nhận tệp + 1 năm): ")
                + f" || {t.S[col]}",
            )
        elif col in MONEY.get(ent, ()) and col in t.checks:
            t.limits[col] = (f"{v} IS NOT NULL AND {v} < 0", f"'số tiền âm: ' || {t.S[col]}")


def _furniture(con, sheet: Sheet, g: pa.Table, key: str) -> list[int]:
    """Title/blank/footer rows of a spreadsheet-like file (`furniture.skipped_rows`)."""
    mapping = sheet.match.columns
    # a set: `column_names` builds a new list at each call (10,000 columns took 108 s, issue 18)
    present = set(sheet.data.column_names)
    unmapped = [f"c{i}" for i in range(len(sheet.header)) if i not in mapping and f"c{i}" in present]
    return skipped_rows(
        con,
        g,
        "s_" + key,
        {"s_" + canon: sheet.data.column(f"c{pos}") for pos, canon in mapping.items()},
        [sheet.data.column(c) for c in unmapped],
    )


def _type_sheet(sheet: Sheet, path: Path, landed_on: date) -> ReadResult:
    ent = sheet.match.entity
    schema = ENTITIES[ent]
    pos_of = {canon: pos for pos, canon in sheet.match.columns.items()}
    con = _connection()
    g = _clean_grid(sheet, pos_of, schema)
    skip = _furniture(con, sheet, g, config().entities[ent]["required"][0]) if sheet.grid else []
    if skip:
        g = g.filter(pc.invert(pc.is_in(g.column("__row"), pa.array(skip, pa.int32()))))

    typing = _plan_typing(con, sheet, g, landed_on)
    for name, arr in typing.prepared.items():
        g = g.append_column(name, arr)
    out = _in_row_order(_arrow_query(con, typing.rows_sql(), g))
    is_bad = out.column("__bad")
    table = out.select([*schema, "_row"])
    bad: list[tuple[int, str, str]] = []
    if pc.any(is_bad).as_py():
        table = table.filter(pc.invert(is_bad))
        # the reasons (rare): the checks again, on the bad rows only
        sql, names = typing.reasons_sql()
        g_bad = g.filter(pc.is_in(g.column("__row"), out.column("_row").filter(is_bad)))
        bad = [(b["__row"], names[b["name"]], b["reason"]) for b in _arrow_query(con, sql, g_bad).to_pylist()]
    res = _result(sheet, table, out.num_rows, bad, len(skip) + sheet.skipped_lines)
    if sheet.encoding in ENCODING_NAMES:  # not UTF-8: say which encoding the text was read in
        res.message += f"; bảng mã {ENCODING_NAMES[sheet.encoding]}"
    res.columns = typing.carried()
    res.notes = _notes(sheet, g, schema, path.name)
    if res.notes:
        res.message += "; " + "; ".join(res.notes)
    return res


def _notes(sheet: Sheet, g: pa.Table, schema: dict, name: str) -> list[str]:
    """Warnings on a file whose rows load: formulas read as their cached values, text that
    looks like a legacy Vietnamese encoding (`mojibake.suspect_cells`)."""
    notes = []
    if sheet.formula_cells:
        notes.append(f"tệp {name}: {_vi_int(sheet.formula_cells)} ô công thức, đã đọc giá trị đã tính")
    text = [g.column("s_" + c) for c, typ in schema.items() if typ == "VARCHAR" and "s_" + c in g.column_names]
    suspect = suspect_cells(text)
    if suspect:
        notes.append(f"tệp {name}: có thể sai bảng mã (VNI/TCVN3), {_vi_int(suspect)} ô nghi ngờ")
    return notes


def _result(sheet: Sheet, table: pa.Table, n_input: int, bad: list[tuple[int, str, str]], skipped: int) -> ReadResult:
    """The ReadResult: quarantine rows (row, header, reason, raw cells), counts, message."""
    ent = sheet.match.entity
    header_of = {canon: str(sheet.header[pos]).strip() for pos, canon in sheet.match.columns.items()}
    bad_rows = sorted({r for r, _, _ in bad})
    raw_by_row = _raw_cells(sheet, bad_rows)
    quarantine: list[dict] = []
    for r, name, reason in bad:
        canon = name.removeprefix("key:").removeprefix("range:")
        quarantine.append(
            {
                "row": int(r),
                "column": header_of.get(canon, canon),
                "reason": f"{canon}: {reason}",
                "raw": raw_by_row.get(r),
            }
        )
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
    return ReadResult(
        entity=ent,
        table=table,
        quarantine=quarantine,
        rows_in=rows_in,
        rows_loaded=table.num_rows,
        rows_quarantined=rows_q,
        rows_skipped=skipped,
        message=msg,
    )


# Below this many rows the query's cost is its binding (regexes compiled, functions resolved),
# and `con.sql` binds twice (to describe the relation, then to run it); the DB-API result binds
# once but copies its rows into Arrow, which costs more than a bind above ~10,000 rows
# (measured on dossier and step files).
ONE_BIND_BELOW_ROWS = 10_000


def _arrow_query(con, sql: str, grid: pa.Table) -> pa.Table:
    """Run `sql`, which reads the Arrow table `grid` (this local variable, found by DuckDB's
    replacement scan: registering and unregistering a view costs more than a small query)."""
    if grid.num_rows >= ONE_BIND_BELOW_ROWS:
        return con.sql(sql).to_arrow_table()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "makes an extra copy": measured, cheaper here
        return con.execute(sql).to_arrow_table()


def _in_row_order(t: pa.Table) -> pa.Table:
    """Rows by `_row` (DuckDB keeps the scan order of a plain projection; a window may not)."""
    rows = t.column("_row").to_numpy()
    if len(rows) > 1 and not (rows[1:] > rows[:-1]).all():
        t = t.sort_by("_row")
    return t


def _raw_cells(sheet: Sheet, rows: list[int]) -> dict[int, dict]:
    """The original cells (header -> text) of the quarantined rows only."""
    if not rows:
        return {}
    sub = sheet.data.filter(pc.is_in(sheet.data.column("__row"), pa.array(rows, pa.int32())))
    out = {}
    names = [str(h).strip() if h is not None else f"col{i + 1}" for i, h in enumerate(sheet.header)]
    for rec in sub.to_pylist():
        out[rec["__row"]] = {names[i]: rec[f"c{i}"] for i in range(len(names)) if rec.get(f"c{i}") not in (None, "")}
    return out
