"""The fast paths of the readers give what the general rules give.

Each fast path (NFC only where it can change something, integers reduced in Arrow, the footer
rule applied to candidate rows only, one bind for small queries, header keys without a loop
over the characters) is compared here with the plain rule it replaces, on inputs chosen to
reach both the fast path and its fallback.
"""

from __future__ import annotations

import random
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines.readers import clean as C
from pipelines.readers import detect
from pipelines.readers import furniture as F
from pipelines.readers import read as parse
from pipelines.readers import values as V
from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, write_csv, write_json, write_xlsx

# ----------------------------------------------------------------------------- NFC


def test_nfc_stable_ranges_never_change_under_nfc():
    # second characters of canonical pairs may compose with what precedes them
    second = set()
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            second.add(int(d.split()[1], 16))
    for a, b in C.NFC_STABLE_RANGES:
        for cp in range(a, b + 1):
            ch = chr(cp)
            assert unicodedata.combining(ch) == 0, hex(cp)
            assert unicodedata.normalize("NFC", ch) == ch, hex(cp)
            assert cp not in second, hex(cp)


def _nasty_texts(n: int = 400) -> list:
    rnd = random.Random(7)
    pool = [
        "Tiếp nhận hồ sơ",
        "Đăng ký khai sinh",
        "abc 123",
        "",
        " ",
        None,
        "日本",
        "\u2000x\u2001",
        "e\u0301",
        "A\u030a",
        "\uf900",
        "\u1100\u1161",
        "ﬁ",
        "Å",
        "\u0344",
        "x\u0308\u0301",
    ] + [unicodedata.normalize("NFD", "Cấp giấy phép xây dựng"), "Ω\u2126"]
    out = []
    for _ in range(n):
        parts = [p for p in rnd.choices(pool, k=rnd.randint(1, 3)) if p is not None]
        out.append(None if rnd.random() < 0.1 else "".join(parts))
    return out


@pytest.mark.parametrize("layout", ["array", "sliced", "chunked"])
def test_nfc_equals_normalising_every_cell(layout):
    texts = _nasty_texts()
    arr = pa.array(texts, pa.string())
    if layout == "sliced":
        arr = arr.slice(3, 300)
    elif layout == "chunked":
        arr = pa.chunked_array([arr.slice(0, 100), arr.slice(100, 0), arr.slice(100)])
    got = C.nfc(arr)
    assert got.to_pylist() == pc.utf8_normalize(arr, form="NFC").to_pylist()


def test_nfc_leaves_stable_text_alone():
    ascii_and_vietnamese = pa.chunked_array([pa.array(["Mã hồ sơ", "000.00.12.H27", None, "Trực tuyến"])])
    assert C.nfc(ascii_and_vietnamese) is ascii_and_vietnamese


def test_clean_columns_equals_clean_of_each_column():
    texts = _nasty_texts()
    cols = [
        pa.chunked_array([pa.array(texts[:150]), pa.array(texts[150:200])]),
        pa.array(texts[200:]).slice(10),
        pa.chunked_array([], pa.string()),
    ]
    for together, alone in zip(C.clean_columns(cols), cols):
        assert together.to_pylist() == C.clean(alone).to_pylist()


# ----------------------------------------------------------------------------- integers


def _integer_sql(expr: str, sql_type: str) -> str:
    """The SQL rule `integer_text` replaces (as it was), the reference here."""
    e = f"regexp_replace(regexp_replace({expr}, '[\\s' || chr(160) || ']', '', 'g'), '(?i)(vnđ|vnd|đồng|đ)$', '')"
    return (
        f"(CASE WHEN regexp_full_match({e}, '[+-]?[0-9]{{1,3}}([.][0-9]{{3}})+|[+-]?[0-9]{{1,3}}(,[0-9]{{3}})+|[+-]?[0-9]+') "
        f"THEN TRY_CAST(regexp_replace({e}, '[.,]', '', 'g') AS {sql_type}) "
        f"WHEN regexp_full_match({e}, '[+-]?[0-9]+[.]0') "
        f"THEN TRY_CAST(regexp_replace({e}, '[.]0$', '') AS {sql_type}) END)"
    )


def _integer_inputs() -> list:
    rnd = random.Random(11)
    pieces = [
        "1",
        "12",
        "123",
        "1234",
        "0",
        "007",
        ".",
        ",",
        ".000",
        ",000",
        ".0",
        ".00",
        " ",
        "\u00a0",
        "\t",
        "\u2009",
        "+",
        "-",
        "đ",
        "Đ",
        "vnđ",
        "VNĐ",
        "vnd",
        "đồng",
        "ĐỒNG",
        "x",
        "e3",
        "99999",
        "32767",
        "32768",
        "2147483648",
        "9223372036854775808",
        "\n",
        "1_000",
    ]
    fixed = [
        "1.250.000",
        "1,250,000",
        "1250000",
        "1 250 000",
        "1250000 đ",
        "1250000.0",
        "12.5",
        "-3",
        "+7",
        "1.25.000",
        "1,25",
        "đ",
        "",
        "1.000.000vnđ",
        "1.000,000",
        "2.0.0",
    ]
    return fixed + ["".join(rnd.choices(pieces, k=rnd.randint(1, 5))) for _ in range(3000)] + [None]


@pytest.mark.parametrize("sql_type", ["SMALLINT", "INTEGER", "BIGINT"])
def test_integer_text_then_cast_equals_the_sql_rule(sql_type):
    texts = _integer_inputs()
    # read by DuckDB's replacement scan (FROM grid)
    grid = pa.table(  # noqa: F841
        {
            "x": pa.array(texts, pa.string()),
            "n": V.integer_text(pa.array(texts, pa.string())),
        }
    )
    con = parse._connection()
    got = con.sql(
        f"SELECT {V.integer_cast('n', sql_type)} AS fast, {_integer_sql('x', sql_type)} AS ref FROM grid"
    ).fetchall()
    assert [f for f, _ in got] == [r for _, r in got]
    assert any(f is not None for f, _ in got) and any(f is None for f, _ in got)


# ----------------------------------------------------------------------------- footer rule


def _rule_on_every_row(con, grid: pa.Table, key: str, cols: list[str], has_other: bool) -> set:
    """The footer/blank/numbering rule as one query over every row (as it was), the reference."""
    cfg = detect.config()
    pat = "|".join(f"({p})" for p in cfg.footer_patterns)
    cell_pat = "|".join(
        "(^|\\x1f)" + p[1:].replace(".{", "[^\\x1f]{") if p.startswith("^") else p for p in cfg.footer_patterns
    )
    q = [V.ident(c) for c in cols]
    nonempty = " + ".join(f"({c} IS NOT NULL)::INTEGER" for c in q)
    joined = f"concat_ws(chr(31), {', '.join(q + (['__other'] if has_other else []))})"
    text_hits = f"coalesce(regexp_matches({V.fold(joined)}, {V.lit(cell_pat)}), false)"
    k = V.ident(key)
    # a signature-like row (furniture._wordy): words in the key cell, 1 or 2 filled cells, all text
    all_text = " AND ".join(f"({c} IS NULL OR regexp_matches({c}, '\\pL'))" for c in q)
    wordy = (
        f"({k} IS NOT NULL AND regexp_full_match({k}, '[^0-9]*\\pL\\s+\\pL[^0-9]*') "
        f"AND ({nonempty}) BETWEEN 1 AND 2 AND {all_text})"
    )
    sql = f"""
        SELECT __row FROM (
            SELECT __row, n_nonempty, footer OR (numbering AND __row <= min(__row) OVER () + 1) AS footer,
                   max(CASE WHEN NOT keyless AND NOT footer AND NOT numbering THEN __row END) OVER () AS last_keyed,
                   min(CASE WHEN footer THEN __row END) OVER () AS first_footer, keyless
            FROM (SELECT __row, {nonempty} AS n_nonempty, {k} IS NULL OR {wordy} AS keyless,
                         CASE WHEN {k} IS NOT NULL AND regexp_matches({V.fold(k)}, {V.lit(pat)}) THEN ({text_hits})
                              WHEN {k} IS NULL AND ({nonempty}) <= 3 THEN ({text_hits})
                              ELSE false END AS footer,
                         coalesce(regexp_full_match(concat_ws(chr(31), {", ".join(q)}),
                             '\\(?[0-9]{{1,3}}\\)?(\\x1f\\(?[0-9]{{1,3}}\\)?){{2,}}'), false) AS numbering
                  FROM grid))
        WHERE n_nonempty = 0 OR footer
           OR (keyless AND __row > coalesce(first_footer, 2147483647))
           OR (keyless AND __row > coalesce(last_keyed, -1)
               AND (n_nonempty <= 2 OR n_nonempty * 2 < {len(cols)}))
           OR (__row > coalesce(first_footer, 2147483647) AND n_nonempty < 2)"""
    return {r[0] for r in con.sql(sql).fetchall()}


KEYS = [
    "HS-0001",
    "HS-0002",
    "hs 0003",
    "HS\t0004",
    "Hồ sơ 5",
    None,
    None,
    "Tổng cộng: 5 hồ sơ",
    "TONG  CONG: 5",
    "(1)",
    "12",
    "Người lập biểu",
    "Xác nhận",
    "  ",
    "Cộng (3)",
    "Người tổng hợp",  # words, not a footer pattern: a signature line when trailing and sparse
    "Duyệt",
]
CELLS = [
    "x",
    "Trực tuyến",
    None,
    None,
    None,
    "(2)",
    "(3)",
    "5",
    "Tổng cộng",
    "Hà Tĩnh, ngày 5 tháng 6 năm 2022",
    "ngày 5 tháng 6 năm 2022",
    " ",
    "e\u0301",
    "Người lập biểu",
]


def _random_grid(rnd: random.Random, n_rows: int, n_cols: int, plain: float):
    rows = []
    for _ in range(n_rows):
        if rnd.random() < plain:
            rows.append(
                [f"HS-{rnd.randrange(10**6):06d}"] + [rnd.choice(["a", "b", None, "1"]) for _ in range(n_cols - 1)]
            )
        else:
            rows.append([rnd.choice(KEYS)] + [rnd.choice(CELLS) for _ in range(n_cols - 1)])
    return rows


@pytest.mark.parametrize("seed", range(40))
def test_footer_rule_on_candidate_rows_equals_the_rule_on_every_row(seed):
    rnd = random.Random(seed)
    n_cols = rnd.randint(2, 6)
    rows = _random_grid(rnd, rnd.randint(1, 60), n_cols, plain=rnd.choice([0.0, 0.5, 0.9, 1.0]))
    names = [f"s_c{i}" for i in range(n_cols)]
    raw = {n: pa.chunked_array([pa.array([r[i] for r in rows], pa.string())]) for i, n in enumerate(names)}
    numbers = pa.array(range(7, 7 + len(rows)), pa.int32())
    other = (
        [pa.chunked_array([pa.array([rnd.choice([None, "", "1", "Tổng cộng: 3"]) for _ in rows])])]
        if rnd.random() < 0.5
        else []
    )
    # the grid holds some of the mapped columns only; the rule cleans the others itself
    in_grid = [n for i, n in enumerate(names) if i == 0 or rnd.random() < 0.5]
    cleaned = C.clean_columns([raw[n] for n in names])
    grid = pa.table([cleaned[names.index(n)] for n in in_grid] + [numbers], names=in_grid + ["__row"])
    full = pa.table(cleaned + [numbers], names=names + ["__row"])
    if other:
        full = full.append_column("__other", pc.binary_join_element_wise(*[pc.fill_null(o, "") for o in other], "\x1f"))
    con = parse._connection()
    expected = _rule_on_every_row(con, full, "s_c0", names, bool(other))
    assert set(F.skipped_rows(con, grid, "s_c0", raw, other)) == expected


def test_plain_rows_only_need_no_query(monkeypatch):
    grid = pa.table({"s_k": ["HS-1", "HS-2"], "s_v": ["a", None], "__row": pa.array([2, 3], pa.int32())})
    monkeypatch.setattr(F, "_footer_hits", lambda *a: pytest.fail("no candidate row: no query"))
    assert F.skipped_rows(None, grid, "s_k", {n: grid.column(n) for n in ("s_k", "s_v")}, []) == []


# ----------------------------------------------------------------------------- whole files


def _same(a, b):
    assert (a.error, a.rows_in, a.rows_loaded, a.rows_quarantined, a.rows_skipped, a.message) == (
        b.error,
        b.rows_in,
        b.rows_loaded,
        b.rows_quarantined,
        b.rows_skipped,
        b.message,
    )
    assert a.table.schema == b.table.schema and a.table.equals(b.table)
    assert a.quarantine == b.quarantine


def _messy_hoso(tmp_path):
    rows = [
        hoso_row(
            i,
            **({"Ngày nộp": "31/02/2022", "Trạng thái": "99"} if i % 7 == 0 else {}),
            **({"Mã hồ sơ": ""} if i % 11 == 0 else {}),
            **({"Phí, lệ phí (VND)": "1.2.3"} if i % 5 == 0 else {}),
        )
        for i in range(1, 120)
    ]
    return write_xlsx(
        tmp_path / "h.xlsx",
        HOSO_HEADER,
        rows,
        title=["DANH SÁCH HỒ SƠ"],
        footer=[["Tổng cộng: 119 hồ sơ"], [None, None, "Người lập biểu"]],
    )


def test_one_bind_and_two_bind_queries_give_the_same_result(tmp_path, monkeypatch):
    path = _messy_hoso(tmp_path)
    monkeypatch.setattr(parse, "ONE_BIND_BELOW_ROWS", 10**9)
    small = read_file(path)
    monkeypatch.setattr(parse, "ONE_BIND_BELOW_ROWS", 0)
    large = read_file(path)
    assert small.rows_quarantined > 0 and small.rows_skipped > 0
    _same(small, large)


def test_many_distinct_labels_in_a_coded_column(tmp_path):
    rows = [hoso_row(i, **{"Trạng thái": f"trạng thái lạ {i}" if i % 2 else "Đã trả kết quả"}) for i in range(1, 201)]
    r = read_file(write_csv(tmp_path / "h.csv", HOSO_HEADER, rows))
    assert (r.rows_loaded, r.rows_quarantined) == (100, 100)
    assert set(r.table.column("trang_thai").to_pylist()) == {10}
    assert r.quarantine[0]["reason"] == "trang_thai: unknown code (trang_thai): trạng thái lạ 1"


def test_steps_numbered_per_dossier_in_file_order_without_a_step_column(tmp_path):
    recs = [
        {"MaHoSo": f"HS-{i % 3}", "NoiDungXuLy": "Chuyển xử lý", "ThoiDiemXuLy": f"0{1 + i % 9}/03/2022"}
        for i in range(12)
    ]
    r = read_file(write_json(tmp_path / "t.json", recs))
    assert r.error is None, r.error
    got = r.table.select(["_row", "ma_ho_so", "buoc"]).to_pylist()
    assert [g["_row"] for g in got] == list(range(1, 13))
    assert [g["buoc"] for g in got] == [i // 3 + 1 for i in range(12)]


# ----------------------------------------------------------------------------- header keys


def test_compact_equals_its_definition():
    def reference(text: str) -> str:
        return detect._NON_ALNUM.sub("", detect.strip_accents(text))

    texts = [chr(cp) for cp in range(0x3000)] + [
        "Mã hồ sơ",
        "MA HO SO",
        " ma_ho_so ",
        "MaHoSo",
        "Số CCCD/CMND",
        "ĐƠN VỊ",
        "İstanbul",
        "Kelvin \u212a",
        "ﬁle",
        "x" * 250 + "Đ",
    ]
    for t in texts:
        assert detect.compact(t) == reference(t), repr(t)


# ----------------------------------------------------------------------------- dates


def _dates_in_layout(rnd: random.Random, layout: int, n: int) -> list:
    """Random cells of one FAST_LAYOUTS layout: fields mostly valid, often out of range."""

    def two(hi):
        return f"{rnd.choice([rnd.randint(0, hi), rnd.randint(0, 99)]):02d}"

    out = []
    for _ in range(n):
        y = str(rnd.choice([rnd.randint(1000, 2999), 2000, 1900, 2024, 2100, 2023]))
        mo, d = two(12), rnd.choice([two(31), "29", "30", "31", "00"])
        hh, mi, ss = two(23), two(59), two(59)
        out.append(
            [
                f"{d}/{mo}/{y} {hh}:{mi}:{ss}",
                f"{d}/{mo}/{y} {hh}:{mi}",
                f"{d}/{mo}/{y}",
                f"{y}-{mo}-{d} {hh}:{mi}:{ss}",
                f"{y}-{mo}-{d}",
                f"{y}{mo}{d}{hh}{mi}{ss}",
            ][layout]
        )
    return out


@pytest.mark.parametrize("layout", range(len(V.FAST_LAYOUTS)))
def test_fast_date_layouts_equal_the_sql_rule(layout):
    rnd = random.Random(layout)
    texts = _dates_in_layout(rnd, layout, 4000)
    texts[5] = None
    col = pa.chunked_array([pa.array(texts[:1000]), pa.array(texts[1000:]).slice(2)])
    fast = V.timestamp_fast(col)
    assert fast is not None
    grid = pa.table({"x": col, "fast": fast})  # noqa: F841 — read by DuckDB's replacement scan (FROM grid)
    got = (
        parse._connection()
        .sql(f"SELECT fast, {V.timestamp('x')}, CAST(fast AS DATE), {V.date('x')} FROM grid")
        .fetchall()
    )
    assert [(a, c) for a, _, c, _ in got] == [(b, d) for _, b, _, d in got]
    assert any(a is None for a, *_ in got[6:]) and any(a is not None for a, *_ in got)


@pytest.mark.parametrize(
    "cells",
    [
        ["15/03/2022 08:30:45", "2022-03-15 08:30:45"],  # two layouts in one column
        ["15/03/2022 08:30:45", "15/03/2022 8:30:45"],  # not fixed width
        ["15/03/2022 08:30:45", "15/03/2022T08:30:45"],  # another separator
        ["15/03/2022 08:30:45", "15/03/2022 08:3O:45"],  # a letter for a digit
        ["15-03-2022", "16-03-2022"],  # a layout with no fast path
        ["2022-03-15", "0999-03-15"],  # year out of the fast range
        ["20220315083045", "3022031508304٥"],  # a non-ASCII digit (and year)
        [None, None],
    ],
)
def test_other_date_columns_take_the_sql_rule(cells):
    assert V.timestamp_fast(pa.chunked_array([pa.array(cells, pa.string())])) is None


def test_a_file_with_mixed_date_layouts_types_like_one_with_a_single_layout(tmp_path):
    one = [hoso_row(i, **{"Ngày nộp": f"{i:02d}/03/2022 08:30:45"}) for i in range(1, 29)]
    mixed = [
        hoso_row(i, **{"Ngày nộp": f"{i:02d}/03/2022 08:30:45" if i % 2 else f"2022-03-{i:02d} 08:30:45"})
        for i in range(1, 29)
    ]
    a = read_file(write_csv(tmp_path / "a.csv", HOSO_HEADER, one))
    b = read_file(write_csv(tmp_path / "b.csv", HOSO_HEADER, mixed))
    assert a.table.column("ngay_nop").to_pylist() == b.table.column("ngay_nop").to_pylist()


def test_fast_dates_when_null_cells_still_hold_bytes():
    # Arrow allows a null cell to span bytes: the cells are then not back to back
    texts = ["15/03/2022 08:30:45", "31/02/2022 08:30:45", "16/03/2022 23:59:59"]
    arr = pa.array(texts)
    masked = pa.StringArray.from_buffers(
        3, arr.buffers()[1], arr.buffers()[2], pa.array([True, False, True]).buffers()[1]
    )
    got = V.timestamp_fast(pa.chunked_array([masked]))
    expected = (
        parse._connection()
        .sql(f"SELECT {V.timestamp('x')} FROM (SELECT unnest(?) AS x)", params=[[texts[0], None, texts[2]]])
        .fetchall()
    )
    assert got.to_pylist() == [e for (e,) in expected]


# ----------------------------------------------------------------------------- CSV decoding


def test_utf8_check_agrees_with_the_python_decoder():
    from pipelines.readers.charset import is_utf8

    rnd = random.Random(5)
    cases = [
        b"",
        b"abc",
        "Tiếp nhận hồ sơ".encode(),
        "😀".encode(),
        b"\xed\xa0\x80",
        b"\xc0\xaf",
        b"\xe0\x80\xaf",
        b"\xf4\x90\x80\x80",
        b"\xf5\x80\x80\x80",
        b"\xc3",
        b"\xe2\x82",
        b"\x80",
        b"\xff",
        b"a\x00b",
    ]
    cases += [
        bytes(
            rnd.choice([rnd.randrange(256), rnd.randrange(0x80, 0xC0), rnd.randrange(0xC0, 0xF8), 0x41])
            for _ in range(rnd.randint(1, 6))
        )
        for _ in range(20000)
    ]
    for data in cases:
        try:
            data.decode("utf-8")
            ok = True
        except UnicodeDecodeError:
            ok = False
        assert is_utf8(data) == ok, data
