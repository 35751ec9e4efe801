"""Vectorised value parsing: SQL expression builders run by DuckDB over the Arrow string grid,
and the per-distinct-value code mappers.

Every SQL builder returns an expression (text) over an input that is already clean text (NFC,
trimmed, empty -> NULL: done in Arrow by `parse._clean_arrow`). A value that does not parse
yields NULL; the parser turns "input not NULL but typed NULL" into a quarantine reason.
Coded columns (codes or labels) are mapped in Python over their distinct cells only
(`map_code`, `map_levels`) and applied in SQL as a CASE on the exact text.
"""
from __future__ import annotations

import re

from .detect import compact, config, strip_accents

# Accepted date/time layouts (day-first always; no offsets: local Asia/Ho_Chi_Minh wall time).
# Native Excel datetimes arrive from fastexcel as `yyyy-MM-dd HH:mm:ss` text.
DATE_FORMATS = [
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%Y%m%d%H%M%S",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
]



def lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def fold(expr: str) -> str:
    """Lower case, accents stripped, đ -> d, whitespace collapsed (for prefix/pattern tests)."""
    return (f"regexp_replace(replace(strip_accents(lower({expr})), 'đ', 'd'), "
            f"'\\s+', ' ', 'g')")


def _fmts(fmts: list[str]) -> str:
    return "[" + ", ".join(lit(f) for f in fmts) + "]"


def timestamp(expr: str) -> str:
    """Dispatch on the shape first so that each cell tries only the layouts it could match."""
    slash = [f for f in DATE_FORMATS if "/" in f]
    iso = [f for f in DATE_FORMATS if f.startswith("%Y-")]
    dash = [f for f in DATE_FORMATS if f.startswith("%d-")]
    return (f"(CASE WHEN contains({expr}, '/') THEN try_strptime({expr}, {_fmts(slash)}) "
            f"WHEN {expr} LIKE '____-%' THEN try_strptime({expr}, {_fmts(iso)}) "
            f"WHEN {expr} LIKE '__-%' THEN try_strptime({expr}, {_fmts(dash)}) "
            f"ELSE try_strptime({expr}, '%Y%m%d%H%M%S') END)")


def date(expr: str) -> str:
    return f"CAST({timestamp(expr)} AS DATE)"


def integer(expr: str, sql_type: str = "BIGINT") -> str:
    """`1.250.000`, `1,250,000`, `1250000`, `1 250 000`, `1250000 đ`, `1250000.0` -> 1250000."""
    e = (f"regexp_replace(regexp_replace({expr}, '[\\s' || chr(160) || ']', '', 'g'), "
         f"'(?i)(vnđ|vnd|đồng|đ)$', '')")
    return (f"(CASE WHEN regexp_full_match({e}, '[+-]?[0-9]{{1,3}}([.][0-9]{{3}})+|[+-]?[0-9]{{1,3}}(,[0-9]{{3}})+|[+-]?[0-9]+') "
            f"THEN TRY_CAST(regexp_replace({e}, '[.,]', '', 'g') AS {sql_type}) "
            f"WHEN regexp_full_match({e}, '[+-]?[0-9]+[.]0') "
            f"THEN TRY_CAST(regexp_replace({e}, '[.]0$', '') AS {sql_type}) END)")


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
    return (f"(CASE WHEN regexp_full_match({expr}, '[0-9]\\.[0-9]{{1,5}}') "
            f"THEN rpad({expr}, 8, '0') "
            f"WHEN regexp_matches({expr}, '^[0-9]+\\.[0-9]+') "
            f"THEN regexp_extract({expr}, '^([0-9]+\\.[0-9]+)', 1) ELSE {expr} END)")


def action(expr: str) -> str:
    """TIENTRINH hanh_dong from the leading words of noi_dung."""
    pairs = []
    for act, prefixes in config().actions.items():
        for p in prefixes:
            pairs.append((" ".join(strip_accents(p).split()), act))
    pairs.sort(key=lambda p: -len(p[0]))
    f = fold(expr)
    whens = " ".join(f"WHEN starts_with({f}, {lit(p)}) THEN {lit(a)}" for p, a in pairs)
    return f"(CASE WHEN {expr} IS NULL THEN NULL {whens} ELSE 'khac' END)"


def report_period(expr: str) -> str:
    """BAOCAO ky_bao_cao spelling: `Quý I/2022`, `6 tháng/2022`, `9 tháng/2022`, `Năm 2022`."""
    f = fold(expr)
    year = f"regexp_extract({f}, '([0-9]{{4}})', 1)"
    q = f"regexp_extract({f}, '^(quy|q)\\s*([ivx]+|[1-4])\\b', 2)"
    roman = (f"(CASE {q} WHEN '1' THEN 'I' WHEN '2' THEN 'II' WHEN '3' THEN 'III' "
             f"WHEN '4' THEN 'IV' ELSE upper({q}) END)")
    return (f"(CASE WHEN {expr} IS NULL THEN NULL "
            f"WHEN {year} = '' THEN {expr} "
            f"WHEN regexp_matches({f}, '^(quy|q)\\s*([ivx]+|[1-4])\\b') THEN 'Quý ' || {roman} || '/' || {year} "
            f"WHEN regexp_matches({f}, '^(6 thang|sau thang)') THEN '6 tháng/' || {year} "
            f"WHEN regexp_matches({f}, '^(9 thang|chin thang)') THEN '9 tháng/' || {year} "
            f"WHEN regexp_matches({f}, '^(ca )?nam') THEN 'Năm ' || {year} "
            f"ELSE {expr} END)")


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
