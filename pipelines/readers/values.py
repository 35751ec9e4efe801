"""Vectorised value parsing: SQL expression builders run by DuckDB over the Arrow string grid,
Arrow/numpy twins for the common cases, and the per-distinct-value code mappers.

Every builder works on input that is already clean text (NFC, trimmed, empty -> NULL: done in
Arrow by `clean.clean`). A value that does not parse yields NULL; the parser turns "input not
NULL but typed NULL" into a quarantine reason. Coded columns (codes or labels) are mapped in
Python over their distinct cells only (`map_code`, `map_levels`) and looked up per cell in Arrow.
Integers are reduced to digits in Arrow (`integer_text`) and cast in SQL; dates in one of the
common fixed-width layouts are parsed in numpy (`timestamp_fast`), any other in SQL (`timestamp`).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .detect import compact, config, strip_accents

# Accepted date/time layouts (day-first always; no offsets: local Asia/Ho_Chi_Minh wall time).
# Native Excel datetimes arrive from fastexcel as `yyyy-MM-dd HH:mm:ss` text.
DATE_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y%m%d%H%M%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
]


def lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def fold(expr: str) -> str:
    """Lower case, accents stripped, đ -> d, whitespace collapsed (for prefix/pattern tests)."""
    return f"regexp_replace(replace(strip_accents(lower({expr})), 'đ', 'd'), '\\s+', ' ', 'g')"


def _fmts(fmts: list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in fmts) + "]"


def timestamp(expr: str) -> str:
    """Dispatch on the shape first so that each cell tries only the layouts it could match."""
    slash = [f for f in DATE_FORMATS if "/" in f]
    iso = [f for f in DATE_FORMATS if f.startswith("%Y-")]
    dash = [f for f in DATE_FORMATS if f.startswith("%d-")]
    return (
        f"(CASE WHEN contains({expr}, '/') THEN try_strptime({expr}, {_fmts(slash)}) "
        f"WHEN {expr} LIKE '____-%' THEN try_strptime({expr}, {_fmts(iso)}) "
        f"WHEN {expr} LIKE '__-%' THEN try_strptime({expr}, {_fmts(dash)}) "
        f"ELSE try_strptime({expr}, '%Y%m%d%H%M%S') END)"
    )


def date(expr: str) -> str:
    return f"CAST({timestamp(expr)} AS DATE)"


# Fast path: the common fixed-width layouts, parsed in numpy when every cell of a column has the
# layout of its first cell (a night's export has one layout per column). Same values as
# `timestamp` (the tests compare them on every layout, valid and invalid): in each of these
# layouts `timestamp` takes the first format of its list that fits the whole text and checks
# every field. In a layout, Y M D h m s are digits of the year (1000-2999), month, day, hour,
# minute, second; any other character stands for itself.
FAST_LAYOUTS = (
    "DD/MM/YYYY hh:mm:ss",
    "DD/MM/YYYY hh:mm",
    "DD/MM/YYYY",
    "YYYY-MM-DD hh:mm:ss",
    "YYYY-MM-DD",
    "YYYYMMDDhhmmss",
)
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _fits(text: str, layout: str) -> bool:
    return (
        len(text) == len(layout)
        and text[layout.index("Y")] in "12"
        and all(("0" <= c <= "9") if f in "YMDhms" else c == f for c, f in zip(text, layout))
    )


def timestamp_fast(col: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """The timestamps of a column whose cells all have one layout of FAST_LAYOUTS, else None
    (then `timestamp` types it in SQL)."""
    first = pc.drop_null(col)
    if len(first) == 0:
        return None
    layout = next((lay for lay in FAST_LAYOUTS if _fits(first[0].as_py(), lay)), None)
    if layout is None:
        return None
    chunks = [_parse_layout(ch, layout) for ch in col.chunks]
    if any(ch is None for ch in chunks):
        return None
    return pa.chunked_array(chunks, pa.timestamp("us"))


def _parse_layout(arr: pa.StringArray, layout: str) -> pa.Array | None:
    """Cells of one layout -> timestamp[us] (NULL where a field is out of range); None if a
    cell has another layout."""
    valid = arr.is_valid().to_numpy(zero_copy_only=False)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset : arr.offset + len(arr) + 1]
    starts = offsets[:-1][valid].astype(np.int64)
    if np.any(offsets[1:][valid] - starts != len(layout)):
        return None
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8) if starts.size else np.zeros(0, np.uint8)
    if starts.size and offsets[-1] - offsets[0] == starts.size * len(layout):
        # the cells' bytes are back to back (nulls are empty): one row of bytes per cell, no copy
        chars = data[offsets[0] : offsets[-1]].reshape(starts.size, len(layout))
    else:
        chars = data[starts[:, None] + np.arange(len(layout))]
    digit = np.array([f in "YMDhms" for f in layout])
    if not (
        np.all(chars[:, digit] - 48 <= 9)  # uint8: below "0" wraps
        and np.all(chars[:, ~digit] == np.frombuffer(layout.encode(), np.uint8)[~digit])
        and np.all((chars[:, layout.index("Y")] == 49) | (chars[:, layout.index("Y")] == 50))
    ):
        return None

    def field(letter: str) -> np.ndarray:
        out = np.zeros(starts.size, np.int64)
        for i in (i for i, f in enumerate(layout) if f == letter):
            out = out * 10 + (chars[:, i].astype(np.int64) - 48)
        return out

    y, m, d, hh, mi, ss = (field(f) for f in "YMDhms")
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(m - 1, 0, 11)] + (leap & (m == 2))
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (d <= month_days) & (hh <= 23) & (mi <= 59) & (ss <= 59)
    # days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)
    yy = y - (m <= 2)
    era = yy // 400
    yoe = yy - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    micros = np.zeros(len(arr), np.int64)
    micros[valid] = (((days * 24 + hh) * 60 + mi) * 60 + ss) * 1_000_000
    good = np.zeros(len(arr), bool)
    good[valid] = ok
    return pa.array(micros, pa.timestamp("us"), mask=~good)


# Integers (`1.250.000`, `1,250,000`, `1250000`, `1 250 000`, `1250000 đ`, `1250000.0`): the text
# is reduced in Arrow to sign + digits (NULL when it is not an integer) and DuckDB casts that
# (`TRY_CAST`: out of range -> NULL). Arrow's regexes are RE2, as DuckDB's; in SQL the same
# steps cost a dozen regex compilations per column and file.
_INT_SPACES = r"[\s\x{A0}]"  # RE2 \s is [\t\n\f\r ]
_INT_CURRENCY = r"(?i)(vnđ|vnd|đồng|đ)$"
_INT_GROUPED = (
    r"^(?:[+-]?[0-9]{1,3}([.][0-9]{3})+|[+-]?[0-9]{1,3}(,[0-9]{3})+"
    r"|[+-]?[0-9]+)$"
)
_INT_POINT_ZERO = r"^(?:[+-]?[0-9]+[.]0)$"


def integer_text(col: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Clean text -> `[+-]digits` ready for `integer_cast`, or NULL if it is not an integer."""
    e = pc.replace_substring_regex(col, _INT_SPACES, "")
    e = pc.replace_substring_regex(e, _INT_CURRENCY, "", max_replacements=1)
    digits = pc.replace_substring(pc.replace_substring(e, ".", ""), ",", "")
    point_zero = pc.if_else(
        pc.match_substring_regex(e, _INT_POINT_ZERO), pc.utf8_slice_codeunits(e, 0, -2), pa.scalar(None, pa.string())
    )
    return pc.if_else(pc.match_substring_regex(e, _INT_GROUPED), digits, point_zero)


def integer_cast(expr: str, sql_type: str = "BIGINT") -> str:
    """SQL: the value of an `integer_text` column (NULL if out of range for the type)."""
    return f"TRY_CAST({expr} AS {sql_type})"


def code_map(list_name: str) -> dict[str, object]:
    """compact(label or code) -> code, for one code list of aliases.yaml."""
    out: dict[str, object] = {}
    for code, labels in config().code_lists[list_name].items():
        for lab in [code, *labels]:
            k = compact(lab)
            if k:
                out.setdefault(k, code)
    return out


def _sql_value(v: object, sql_type: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if sql_type in ("SMALLINT", "INTEGER", "BIGINT"):
        return str(int(v))
    return lit(v)


def national_tthc(expr: str) -> str:
    """`1.001193.000.00.00.H27` -> `1.001193` (the part before the 2nd dot group).

    A code typed into Excel as a number loses its trailing zeros (`1.000240` -> `1.00024`):
    a bare `d.ddddd` or shorter is padded back to the national `d.dddddd`.
    """
    return (
        f"(CASE WHEN regexp_full_match({expr}, '[0-9]\\.[0-9]{{1,5}}') "
        f"THEN rpad({expr}, 8, '0') "
        f"WHEN regexp_matches({expr}, '^[0-9]+\\.[0-9]+') "
        f"THEN regexp_extract({expr}, '^([0-9]+\\.[0-9]+)', 1) ELSE {expr} END)"
    )


def action(expr: str, folded: str | None = None) -> str:
    """TIENTRINH hanh_dong from the leading words of noi_dung (`folded`: fold(expr) when the
    caller has it as a column, else it is spelled out in every WHEN and bound once per WHEN)."""
    pairs = []
    for act, prefixes in config().actions.items():
        for p in prefixes:
            pairs.append((" ".join(strip_accents(p).split()), act))
    pairs.sort(key=lambda p: -len(p[0]))
    f = folded or fold(expr)
    whens = " ".join(f"WHEN starts_with({f}, {lit(p)}) THEN {lit(a)}" for p, a in pairs)
    return f"(CASE WHEN {expr} IS NULL THEN NULL {whens} ELSE 'khac' END)"


def report_period(expr: str) -> str:
    """BAOCAO ky_bao_cao spelling: `Quý I/2022`, `6 tháng/2022`, `9 tháng/2022`, `Năm 2022`."""
    f = fold(expr)
    year = f"regexp_extract({f}, '([0-9]{{4}})', 1)"
    q = f"regexp_extract({f}, '^(quy|q)\\s*([ivx]+|[1-4])\\b', 2)"
    roman = (
        f"(CASE {q} WHEN '1' THEN 'I' WHEN '2' THEN 'II' WHEN '3' THEN 'III' WHEN '4' THEN 'IV' ELSE upper({q}) END)"
    )
    return (
        f"(CASE WHEN {expr} IS NULL THEN NULL "
        f"WHEN {year} = '' THEN {expr} "
        f"WHEN regexp_matches({f}, '^(quy|q)\\s*([ivx]+|[1-4])\\b') THEN 'Quý ' || {roman} || '/' || {year} "
        f"WHEN regexp_matches({f}, '^(6 thang|sau thang)') THEN '6 tháng/' || {year} "
        f"WHEN regexp_matches({f}, '^(9 thang|chin thang)') THEN '9 tháng/' || {year} "
        f"WHEN regexp_matches({f}, '^(ca )?nam') THEN 'Năm ' || {year} "
        f"ELSE {expr} END)"
    )


# ---------------------------------------------------------------------------------------
# Coded columns are mapped over their *distinct* values (a handful per file) and joined back,
# which is far cheaper than a CASE over a folded key on every row.
# ---------------------------------------------------------------------------------------
_NUM_CODE = re.compile(r"^0*([0-9]+)(\.0+)?$")


def map_code(value: str | None, list_name: str, sql_type: str):
    """One distinct cell -> its code (None if unknown). Python twin of `coded`."""
    if value is None:
        return None
    m = code_map(list_name)
    if sql_type in ("SMALLINT", "INTEGER", "BIGINT"):
        num = _NUM_CODE.match(value.strip())
        if num:
            n = int(num.group(1))
            return n if n in {int(v) for v in m.values()} else None
    return m.get(compact(value))


def map_levels(value: str | None):
    """`Tỉnh; Huyện` / line-separated -> sorted distinct ['huyen', 'tinh']; None if a part is unknown."""
    if value is None:
        return None
    m = code_map("cap_thuc_hien")
    parts = [p for p in re.split(r"[;,\n\r]+", value) if p.strip()]
    out = []
    for p in parts:
        code = m.get(compact(p))
        if code is None:
            return None
        out.append(code)
    return sorted(set(out))
