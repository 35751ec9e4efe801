"""The messy reality of the vendor's exports, at realistic rates, deterministic with the seed.

Every choice is made per file (or per column of a file, or per row) with a NumPy generator
seeded by ``(seed, entity, night, salt)``, so one file's look does not depend on the others and
the same seed gives the same bytes.  Values are rendered column by column with vectorised
operations (Arrow compute, NumPy, or a mapping over the column's distinct values).

Everything written here is readable under ``docs/exports.md``; the unreadable things are the
business of :mod:`simulator.faults` and only happen with ``--faults``.

``RATES`` is the catalogue (kind -> probability) and is copied into ``_simulation.json``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import province
from .headers import BOOL_LABELS, EMPTY_MEANS, LABELS, Col, HeaderStyle

#: the messiness catalogue: kind -> rate (per file unless said otherwise)
RATES: dict[str, float] = {
    "hoso_as_json": 1 / 7,  # nights whose dossiers come as DVCQG JSON instead of xlsx
    "json_wrapped_data": 0.5,  # JSON as {"data": [...]} instead of a top-level array
    "csv_instead_of_xlsx": 0.5,  # danhgia / thanhtoan / pakn written as csv (else xlsx)
    "header_alias": 0.15,  # the "also:" variant of headers
    "header_ascii": 0.10,  # headers without diacritics
    "header_upper": 0.10,  # headers in upper case
    "header_spaces": 0.10,  # headers with surrounding spaces
    "header_dvcqg_csv": 0.25,  # a CSV of hoso/tientrinh with DVCQG keys as headers
    "column_shuffle": 0.15,  # columns in a different order
    "nfd_text": 0.10,  # every text value (and header) of the file in NFD form
    "xlsx_native_dates": 0.50,  # xlsx with native Excel datetimes (else text, or mixed)
    "xlsx_mixed_dates": 0.15,  # xlsx with some date columns native, some text
    "date_dmy_hms": 0.55,  # text datetimes dd/MM/yyyy HH:mm:ss ...
    "date_dmy_hm": 0.10,  # ... dd/MM/yyyy HH:mm (never for ngay_cap_nhat)
    "date_iso": 0.20,  # ... yyyy-MM-dd HH:mm:ss
    "date_compact": 0.15,  # ... yyyyMMddHHmmss
    "money_dot": 0.35,  # 1.250.000
    "money_comma": 0.15,  # 1,250,000 (else 1250000; xlsx: native number half the time)
    "codes_as_labels": 0.15,  # per coded column: labels instead of codes
    "code_label_variant": 0.30,  # of those: the variant label (Mức độ 3 for muc_do 3)
    "bool_as_co_khong": 0.20,  # co_thanh_phan_so_hoa as Có/Không
    "empty_default": 0.15,  # kenh 1 / hinh_thuc_chuyen Điện tử left empty
    "tthc_local_variant_file": 0.20,  # files where some ma_tthc are local variants ...
    "tthc_local_variant_row": 0.30,  # ... and the share of rows so written
    "csv_utf8_bom": 0.45,  # CSV encodings: UTF-8 with BOM ...
    "csv_utf16_tab": 0.15,  # ... UTF-16 "Unicode text" (tab); else UTF-8 without BOM
    "csv_sep_semicolon": 0.30,  # UTF-8 CSV separators ; (else , or tab 10%)
    "csv_sep_tab": 0.10,
    "csv_crlf": 0.50,  # CRLF line endings
    "csv_quote_all": 0.40,  # every text field quoted (else quoted only where needed)
    "noi_dung_line_break_row": 0.005,  # per step row: a quoted line break inside noi_dung
    "tthc_cap_line_break": 0.30,  # catalogue files joining cap_thuc_hien with line breaks
    "tthc_date_as_title": 0.40,  # catalogue snapshots dating themselves in a title row
    "duplicate_delivery": 0.02,  # a file delivered again (same bytes) next night, other name
    "resend_old_versions": 0.05,  # dossier files that also carry older versions (re-send)
    "resend_old_versions_row": 0.02,  # ... as a share of the file's rows
}

DT_FORMATS = {
    "dmy_hms": "%d/%m/%Y %H:%M:%S",
    "dmy_hm": "%d/%m/%Y %H:%M",
    "iso": "%Y-%m-%d %H:%M:%S",
    "compact": "%Y%m%d%H%M%S",
}
DATE_FORMAT = "%d/%m/%Y"

ENTITY_NO = {
    e: i
    for i, e in enumerate(
        ("hoso", "tientrinh", "danhgia", "thanhtoan", "tthc", "donvi", "pakn", "rasoat", "nhiemvu", "baocao")
    )
}


def file_rng(seed: int, entity: str, night, salt: int = 0) -> np.random.Generator:
    """The generator of one file's choices: independent of every other file."""
    ordinal = pd.Timestamp(night).toordinal()
    return np.random.default_rng([int(seed), ENTITY_NO.get(entity, 99), ordinal, salt])


@dataclass
class FileStyle:
    fmt: str  # xlsx | csv | json
    header: HeaderStyle = field(default_factory=HeaderStyle)
    shuffle: bool = False
    nfd: bool = False
    date_fmt: str = "dmy_hms"
    native_dates: frozenset = frozenset()  # xlsx: datetime/date columns written natively
    money: str = "plain"  # plain | dot | comma | native
    label_cols: dict = field(default_factory=dict)  # column -> label variant index
    bool_labels: bool = False
    empty_default: bool = False
    tthc_local: float = 0.0
    encoding: str = "utf-8-sig"  # csv: utf-8-sig | utf-8 | utf-16
    sep: str = ","
    crlf: bool = False
    quote_all: bool = False
    json_wrap: str = "array"  # array | data
    json_ascii: bool = False
    cap_newline: bool = False
    date_as_title: bool = False
    title_variant: int = 0


def choose_style(entity: str, fmt: str, cols: list[Col], rng: np.random.Generator) -> FileStyle:
    r = rng.random
    st = FileStyle(fmt=fmt)
    if fmt == "json":
        st.header = HeaderStyle(dvcqg=True)
    else:
        st.header = HeaderStyle(
            dvcqg=(fmt == "csv" and entity in ("hoso", "tientrinh") and r() < RATES["header_dvcqg_csv"]),
            alias=r() < RATES["header_alias"],
            ascii=r() < RATES["header_ascii"],
            upper=r() < RATES["header_upper"],
            spaces=r() < RATES["header_spaces"],
        )
        st.shuffle = r() < RATES["column_shuffle"]
    st.nfd = r() < RATES["nfd_text"]
    x = r()
    st.date_fmt = (
        "dmy_hms"
        if x < RATES["date_dmy_hms"]
        else "dmy_hm"
        if x < RATES["date_dmy_hms"] + RATES["date_dmy_hm"]
        else "iso"
        if x < 1 - RATES["date_compact"]
        else "compact"
    )
    dated = [c.name for c in cols if c.kind in ("datetime", "date")]
    if fmt == "xlsx":
        x = r()
        if x < RATES["xlsx_native_dates"]:
            st.native_dates = frozenset(dated)
        elif x < RATES["xlsx_native_dates"] + RATES["xlsx_mixed_dates"]:
            st.native_dates = frozenset(c for c in dated if r() < 0.5)
    x = r()
    st.money = (
        "dot" if x < RATES["money_dot"] else "comma" if x < RATES["money_dot"] + RATES["money_comma"] else "plain"
    )
    if fmt == "xlsx" and r() < 0.5:
        st.money = "native"
    for c in cols:
        if c.kind == "code" and fmt != "json" and r() < RATES["codes_as_labels"]:
            st.label_cols[c.name] = 1 if r() < RATES["code_label_variant"] else 0
    st.bool_labels = fmt != "json" and r() < RATES["bool_as_co_khong"]
    st.empty_default = r() < RATES["empty_default"]
    if any(c.kind == "tthc" for c in cols) and r() < RATES["tthc_local_variant_file"]:
        st.tthc_local = RATES["tthc_local_variant_row"]
    x = r()
    st.encoding = (
        "utf-8-sig"
        if x < RATES["csv_utf8_bom"]
        else "utf-16"
        if x < RATES["csv_utf8_bom"] + RATES["csv_utf16_tab"]
        else "utf-8"
    )
    x = r()
    st.sep = (
        "\t"
        if st.encoding == "utf-16"
        else (
            ";"
            if x < RATES["csv_sep_semicolon"]
            else "\t"
            if x < RATES["csv_sep_semicolon"] + RATES["csv_sep_tab"]
            else ","
        )
    )
    st.crlf = r() < RATES["csv_crlf"] or st.encoding == "utf-16"
    st.quote_all = r() < RATES["csv_quote_all"]
    st.json_wrap = "data" if r() < RATES["json_wrapped_data"] else "array"
    st.json_ascii = r() < 0.3
    st.cap_newline = r() < RATES["tthc_cap_line_break"]
    st.date_as_title = r() < RATES["tthc_date_as_title"]
    st.title_variant = int(rng.integers(0, 3))
    return st


# ---------------------------------------------------------------------------------------------
# vectorised value rendering (Arrow arrays in, Arrow arrays out; nulls are empty cells)


def nfd(s):
    return None if s is None else unicodedata.normalize("NFD", s)


def to_arrow(series) -> pa.Array:
    """A frame column as an Arrow array (object columns holding ints/None become int64...)."""
    if isinstance(series, (pa.Array, pa.ChunkedArray)):
        a = series
    else:
        try:
            a = pa.Array.from_pandas(series)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            a = pa.array(
                [None if (v is None or (isinstance(v, float) and v != v)) else str(v) for v in series], type=pa.string()
            )
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks()
    if pa.types.is_dictionary(a.type):
        a = a.cast(a.type.value_type)
    if pa.types.is_large_string(a.type):
        a = a.cast(pa.string())
    return a


def _as_int(a: pa.Array) -> pa.Array:
    if pa.types.is_integer(a.type):
        return a.cast(pa.int64())
    if pa.types.is_floating(a.type) or pa.types.is_boolean(a.type):
        return pc.cast(a, pa.int64(), safe=False)
    if pa.types.is_null(a.type):
        return a.cast(pa.int64())
    return pc.cast(a, pa.int64())


def _ts(a: pa.Array) -> pa.Array:
    if pa.types.is_timestamp(a.type):
        return a.cast(pa.timestamp("s"), safe=False) if a.type.tz is None else a
    if pa.types.is_null(a.type):
        return a.cast(pa.timestamp("s"))
    if pa.types.is_date(a.type):
        return a.cast(pa.timestamp("s"))
    s = pd.to_datetime(pd.Series(a.to_pandas()), errors="coerce").astype("datetime64[s]")
    return pa.array(s, type=pa.timestamp("s"), from_pandas=True)


@cache
def _time_table(fmt: str) -> np.ndarray:
    """The text of every second of a day under ``fmt`` (%H %M %S and literals): bytes, fixed width."""
    rows = [
        fmt.replace("%H", f"{a // 3600:02d}").replace("%M", f"{a // 60 % 60:02d}").replace("%S", f"{a % 60:02d}")
        for a in range(86400)
    ]
    return np.array([r.encode("ascii") for r in rows], dtype=f"S{len(rows[0])}")


def strftime(ts: pa.Array, fmt: str) -> pa.Array:
    """``pc.strftime`` for the few fixed-width formats used here (date tokens, then time tokens),
    ~15x faster: each value's bytes are gathered from a table of its day's text (the days in the
    column) and one of every second of a day, into the data buffer of the string array."""
    n = len(ts)
    valid = ts.is_valid().to_numpy(zero_copy_only=False)
    secs = pc.fill_null(pc.cast(ts, pa.int64()), 0).to_numpy(zero_copy_only=False)
    days = secs // 86400
    cut = fmt.find("%H") if "%H" in fmt else len(fmt)
    dfmt, tfmt = fmt[:cut], fmt[cut:]
    d0 = int(days[valid].min()) if valid.any() else 0
    d1 = int(days[valid].max()) if valid.any() else 0
    span = pd.date_range(pd.Timestamp(d0, unit="D"), pd.Timestamp(d1, unit="D"), freq="D")
    parts = []
    if dfmt:
        dtab = np.array([x.encode("ascii") for x in span.strftime(dfmt)], dtype=f"S{len(span[0].strftime(dfmt))}")
        parts.append(("d", dtab, np.where(valid, days - d0, 0)))
    if tfmt:
        parts.append(("t", _time_table(tfmt), secs - days * 86400))
    buf = np.empty(n, dtype=[(name, tab.dtype) for name, tab, _ in parts])
    for name, tab, idx in parts:
        buf[name] = tab[idx]
    width = buf.dtype.itemsize
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    nulls = n - int(valid.sum())
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf.view(np.uint8)), bitmap, nulls)


def map_dict(a: pa.Array, fn) -> pa.Array:
    """Apply ``fn`` once per distinct non-null value (Python), then take: text result."""
    d = a.dictionary_encode()
    values = pa.array([fn(v) for v in d.dictionary.to_pylist()], type=pa.string())
    return pc.take(values, d.indices)


def datetime_text(series, fmt: str) -> pa.Array:
    return strftime(_ts(to_arrow(series)), fmt)


def excel_serial(series) -> pa.Array:
    """Naive local timestamps -> Excel serial day numbers (float64, null for missing)."""
    secs = pc.cast(_ts(to_arrow(series)), pa.int64())
    return pc.add(pc.divide(pc.cast(secs, pa.float64()), 86400.0), 25569.0)


def money_fmt(style: str):
    if style == "dot":
        return lambda x: f"{int(x):,}".replace(",", ".")
    if style == "comma":
        return lambda x: f"{int(x):,}"
    return lambda x: str(int(x))


def _int_or_none(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return x


def _null_where(a: pa.Array, mask) -> pa.Array:
    return pc.if_else(pa.array(mask, type=pa.bool_()), pa.scalar(None, a.type), a)


def _default_mask(entity, col, raw: pa.Array, st) -> np.ndarray | None:
    dflt = EMPTY_MEANS.get((entity, col.name))
    if not (st.empty_default and dflt is not None):
        return None
    if isinstance(dflt, int):
        eq = pc.equal(_as_int(raw), dflt)
    else:
        eq = pc.equal(raw.cast(pa.string()), dflt)
    return pc.fill_null(eq, False).to_numpy(zero_copy_only=False)


def render_text(entity: str, col: Col, series, st: FileStyle, rng: np.random.Generator) -> pa.Array:
    """One column as text (Arrow string array, null = empty) under the file's style."""
    k = col.kind
    raw = to_arrow(series)
    if k == "datetime":
        fmt = st.date_fmt
        if fmt == "dmy_hm" and col.name == "ngay_cap_nhat":
            fmt = "dmy_hms"
        return strftime(_ts(raw), DT_FORMATS[fmt])
    if k == "date":
        return strftime(_ts(raw), DATE_FORMAT)
    if k == "money":
        if st.money in ("plain", "native"):
            return pc.cast(_as_int(raw), pa.string())
        return map_dict(_as_int(raw), money_fmt(st.money))
    if k in ("code", "bool", "int"):
        ints = _as_int(raw) if not pa.types.is_string(raw.type) else raw
        labels = LABELS.get((entity, col.name)) if k == "code" else None
        if labels and col.name in st.label_cols:
            v = st.label_cols[col.name]

            def lab(x, labels=labels, v=v):
                x = _int_or_none(x)
                alts = labels.get(x)
                return str(x) if alts is None else alts[min(v, len(alts) - 1)]

            out = map_dict(ints, lab)
        elif k == "bool" and st.bool_labels and (entity, col.name) in BOOL_LABELS:
            out = map_dict(ints, lambda x: "Có" if int(x) else "Không")
        else:
            out = pc.cast(ints, pa.string())
        m = _default_mask(entity, col, raw, st)
        if m is not None:
            out = _null_where(out, m)
        if st.nfd and labels:
            out = pc.utf8_normalize(out, "NFD")
        return out
    # text / tthc
    out = raw if pa.types.is_string(raw.type) else pc.cast(raw, pa.string())
    if k == "tthc" and st.tthc_local:
        m = rng.random(len(out)) < st.tthc_local
        out = pc.if_else(
            pa.array(m), pc.binary_join_element_wise(out, f".000.00.00.{province.current().suffix}", ""), out
        )
    m = _default_mask(entity, col, raw, st)
    if m is not None:
        out = _null_where(out, m)
    if entity == "tthc" and col.name == "cap_thuc_hien" and st.cap_newline:
        out = pc.replace_substring(out, ";", "\n")
    if entity == "tientrinh" and col.name == "noi_dung":
        m = rng.random(len(out)) < RATES["noi_dung_line_break_row"]
        if m.any():
            out = pc.if_else(
                pa.array(m), pc.binary_join_element_wise(out, "\nGhi chú: đã kiểm tra đầy đủ thành phần hồ sơ", ""), out
            )
    if st.nfd:
        out = pc.utf8_normalize(out, "NFD")
    return out


@dataclass
class XCol:
    """A column ready for an xlsx writer: kind s (text), n (number), d (datetime), D (date);
    ``values`` an Arrow array (null = empty cell)."""

    kind: str
    values: object


def render_xlsx(entity: str, col: Col, series, st: FileStyle, rng) -> XCol:
    k = col.kind
    if k in ("datetime", "date") and col.name in st.native_dates:
        return XCol("d" if k == "datetime" else "D", excel_serial(series))
    if k == "money" and st.money == "native":
        return XCol("n", _as_int(to_arrow(series)))
    if k in ("int", "bool", "code"):
        plain = (
            not (k == "code" and col.name in st.label_cols)
            and not (k == "bool" and st.bool_labels and (entity, col.name) in BOOL_LABELS)
            and not (st.empty_default and (entity, col.name) in EMPTY_MEANS)
        )
        raw = to_arrow(series)
        if plain and not pa.types.is_string(raw.type):
            return XCol("n", _as_int(raw))
    return XCol("s", render_text(entity, col, series, st, rng))


def render_json(entity: str, col: Col, series, st: FileStyle, rng) -> list:
    """DVCQG JSON values: dates as yyyyMMddHHmmss strings, codes as ints, text as str."""
    k = col.kind
    if k in ("datetime", "date"):
        return datetime_text(series, DT_FORMATS["compact"]).to_pylist()
    if k in ("code", "bool", "int", "money"):
        raw = to_arrow(series)
        return (_as_int(raw) if not pa.types.is_string(raw.type) else raw).to_pylist()
    return render_text(entity, col, series, st, rng).to_pylist()


def header_nfd(labels: list[str], st: FileStyle) -> list[str]:
    return [nfd(h) for h in labels] if st.nfd else labels
