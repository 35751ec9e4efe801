"""The escape corpus: every known way out of the inspectors' sandbox, with its variants (quoted,
upper-case, schema-qualified names, subqueries, CTEs, lateral joins, replacement scans, statements
DuckDB would run, comment and look-alike tricks, memory blow-ups), must be refused in Vietnamese
without printing the data folder, the database file or the home directory. Normal inspector
queries keep working, and an xlsx written by `motcua sql --format xlsx` stores text as text."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from rich.console import Console

from pipelines.inspect.sandbox import InspectError, Limits, check_sql, run_sql
from pipelines.inspect.shell import render, run_query
from tests.inspect.test_sandbox import ESCAPES as BASE_ESCAPES

HOME = os.path.expanduser("~")


@pytest.fixture(scope="module")
def pub(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("curated")
    db = d / "motcua.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE fct_dossier AS SELECT 'HS-' || range AS ma_ho_so, range % 7 AS trang_thai, "
        "['Hà Tĩnh', 'Đức Thọ', 'Ân Phú', 'Kỳ Anh', 'Can Lộc'][range % 5 + 1] AS don_vi FROM range(1000)"
    )
    con.execute(
        "CREATE TABLE dim_unit AS SELECT * FROM (VALUES ('Hà Tĩnh', 1), ('Đức Thọ', 2), ('Ân Phú', 3), "
        "('Kỳ Anh', 4), ('Can Lộc', 5)) t(don_vi, ma)"
    )
    con.execute("CREATE VIEW v_dem AS SELECT trang_thai, count(*) AS n FROM fct_dossier GROUP BY ALL")
    con.execute("CHECKPOINT")
    con.close()
    (d / "ben_canh.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (d / "motcua.duckdb.wal").write_bytes(b"not really a wal")
    return db


def _secrets(pub: Path) -> list[str]:
    out = [str(pub), str(pub.parent), str(pub.resolve()), str(pub.resolve().parent)]
    if HOME not in ("", "/"):
        out.append(HOME)
    return out


# --------------------------------------------------------------------------- the corpus

FILE_TABLE_FUNCTIONS = {
    "read_blob": "'{db}'",
    "read_text": "'{db}.wal'",
    "read_csv": "'{dir}/ben_canh.csv'",
    "read_csv_auto": "'/etc/passwd'",
    "read_parquet": "'{dir}/*.parquet'",
    "read_json": "'/etc/hosts'",
    "glob": "'*'",
    "query": "'SELECT 42'",
    "query_table": "'fct_dossier'",
    "sniff_csv": "'/etc/passwd'",
    "parquet_metadata": "'{dir}/x.parquet'",
    "duckdb_settings": "",
    "duckdb_databases": "",
    "duckdb_extensions": "",
    "duckdb_secrets": "",
    "duckdb_temporary_files": "",
    "duckdb_logs": "",
    "duckdb_extension_repositories": "",
    "which_secret": "'s3://x', 's3'",
}


def _spellings(name: str) -> dict[str, str]:
    return {
        "plain": name,
        "quoted": f'"{name}"',
        "upper": name.upper(),
        "quoted_upper": f'"{name.upper()}"',
        "main": f"main.{name}",
        "system_main": f"system.main.{name}",
        "quoted_system": f'"system"."main"."{name}"',
        "comment_split": f"{name}/* x */",
    }


def _forms(call: str) -> dict[str, str]:
    return {
        "from": f"SELECT * FROM {call}",
        "subquery": f"SELECT (SELECT count(*) FROM {call}) AS n",
        "cte": f"WITH x AS (SELECT * FROM {call}) SELECT * FROM x",
        "lateral": f"SELECT * FROM fct_dossier d, LATERAL (SELECT * FROM {call}) l LIMIT 1",
        "join": f"SELECT * FROM fct_dossier JOIN {call} ON true LIMIT 1",
        "exists": f"SELECT 1 WHERE EXISTS (SELECT 1 FROM {call})",
        "union": f"SELECT 1 UNION ALL SELECT count(*) FROM {call}",
        "call": f"CALL {call}",
        "explain_analyze": f"EXPLAIN ANALYZE SELECT * FROM {call}",
        "summarize": f"SUMMARIZE SELECT * FROM {call}",
        "describe": f"DESCRIBE SELECT * FROM {call}",
        "after_a_read": f"SELECT 1; SELECT * FROM {call}",
    }


NEW: dict[str, str] = {
    # the reproduced side doors
    "quoted_read_blob_db": "SELECT * FROM \"read_blob\"('{db}')",
    "quoted_read_text_wal": "SELECT * FROM \"read_text\"('{db}.wal')",
    "quoted_query": "SELECT * FROM \"query\"('SELECT 42')",
    "duckdb_settings": "SELECT * FROM duckdb_settings()",
    "duckdb_databases": "SELECT * FROM duckdb_databases()",
    "repeat_2g": "SELECT length(repeat('x', 2000000000))",
    "query_table_read_blob": "SELECT * FROM query_table('read_blob')",
    # settings, environment, path-revealing views
    "current_setting_home": "SELECT current_setting('home_directory')",
    "current_setting_quoted": "SELECT \"current_setting\"('secret_directory')",
    "current_setting_qualified": "SELECT system.main.current_setting('extension_directory')",
    "current_setting_method": "SELECT 'temp_directory'.current_setting()",
    "getenv": "SELECT getenv('HOME')",
    "getvariable": "SELECT getvariable('x')",
    "duckdb_databases_view": "SELECT * FROM duckdb_databases",
    "duckdb_settings_view_qualified": "SELECT * FROM main.duckdb_settings",
    "pragma_database_list_view": "SELECT * FROM pragma_database_list",
    "pg_settings": "SELECT * FROM pg_settings",
    "pg_catalog_pg_settings": "SELECT * FROM pg_catalog.pg_settings",
    "describe_pg_settings": "DESCRIBE SELECT * FROM pg_settings",
    "show_home_directory": "SHOW home_directory",
    "show_secret_directory": 'SHOW "secret_directory"',
    "show_temp_directory": "SHOW temp_directory",
    "pragma_database_list": "PRAGMA database_list",
    "pragma_enable_profiling": "PRAGMA enable_profiling",
    "pragma_table_info_subquery": "PRAGMA table_info((SELECT content FROM read_text('/etc/passwd')))",
    "call_duckdb_settings": "CALL duckdb_settings()",
    "call_pragma_database_list": "CALL pragma_database_list()",
    # replacement scans
    "scan_path": "SELECT * FROM '/etc/passwd'",
    "scan_neighbour": "SELECT * FROM '{dir}/ben_canh.csv'",
    "scan_quoted_ident": 'SELECT * FROM "{dir}/ben_canh.csv"',
    "scan_relative": "SELECT * FROM 'ben_canh.csv'",
    "scan_db_file": "SELECT * FROM '{db}'",
    "scan_glob": "SELECT * FROM '{dir}/*.csv'",
    "scan_http": "SELECT * FROM 'https://example.com/x.parquet'",
    "scan_in_join": "SELECT * FROM fct_dossier JOIN '/etc/passwd' p ON true",
    "scan_in_cte": "WITH p AS (FROM '/etc/passwd') SELECT * FROM p",
    "scan_from_first": "FROM '/etc/passwd'",
    # statements
    "copy": "COPY (SELECT 1) TO '/tmp/insp_leak.csv'",
    "attach": "ATTACH '{db}' AS again",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set": "SET enable_external_access = true",
    "set_home": "SET home_directory = '/tmp'",
    "reset_home": "RESET home_directory",
    "call_checkpoint": "CALL checkpoint()",
    "export_database": "EXPORT DATABASE '/tmp/insp_export'",
    "create_macro": "CREATE MACRO m() AS 1",
    "create_table_macro": "CREATE MACRO t() AS TABLE SELECT * FROM read_text('/etc/passwd')",
    "prepare": "PREPARE p AS SELECT * FROM read_text('/etc/passwd')",
    "execute": "EXECUTE p",
    "set_variable": "SET VARIABLE p = 1",
    "detach": "DETACH motcua",
    "multi_attach": "SELECT 1; ATTACH '/tmp/insp_other.duckdb' AS o",
    "multi_copy_no_space": "SELECT 1;COPY fct_dossier TO '/tmp/insp_leak.csv'",
    "multi_comment_attach": "SELECT 1 /* ; */; ATTACH ':memory:' AS m",
    "comment_hidden_copy": "/* SELECT 1 */ COPY fct_dossier TO '/tmp/insp_leak.csv'",
    "line_comment_then_call": "-- SELECT\nCALL duckdb_settings()",
    "comment_inside_name": "SELECT/**/*/**/FROM/**/\"READ_TEXT\"/**/('/etc/passwd')",
    "string_sql_json": "SELECT json_execute_serialized_sql('{{}}')",
    "json_deserialize": "SELECT json_deserialize_sql(json_serialize_sql('SELECT 1'))",
    "nextval": "SELECT nextval('s')",
    "write_log": "SELECT write_log('x')",
    "sleep": "SELECT sleep_ms(100000)",
    "internal_fn": "SELECT __internal_decompress_string(1::UTINYINT)",
    # look-alikes: not the real name, so never the real function either
    "fullwidth_r": "SELECT * FROM ｒead_text('/etc/passwd')",
    "cyrillic_a": "SELECT * FROM reаd_text('/etc/passwd')",
    # memory blow-ups the memory limit does not cover (scalar results)
    "repeat_cast": "SELECT length(repeat('x', 2000000000::BIGINT))",
    "repeat_subquery": "SELECT length(repeat('x', (SELECT 2000000000)))",
    "repeat_expression": "SELECT length(repeat('x', 20000 * 100000))",
    "repeat_nested": "SELECT length(repeat(repeat('x', 10000), 10000))",
    "repeat_long_literal": "SELECT length(repeat('" + "x" * 200 + "', 10000))",
    "repeat_column": "SELECT max(length(repeat(ma_ho_so, 1000000))) FROM fct_dossier",
    "repeat_quoted_upper": "SELECT length(\"REPEAT\"('x', 2000000000))",
    "repeat_method": "SELECT 'x'.repeat(2000000000)",
    "lpad": "SELECT length(lpad('x', 2000000000, 'y'))",
    "rpad_qualified": "SELECT length(main.rpad('x', 2000000000, 'y'))",
    "lpad_column": "SELECT max(length(lpad(ma_ho_so, trang_thai * 1000000000, 'y'))) FROM fct_dossier",
    "scalar_range": "SELECT len(range(400000000))",
    "scalar_generate_series": "SELECT len(generate_series(1, 400000000))",
    "scalar_range_column": "SELECT len(range(trang_thai * 100000000)) FROM fct_dossier",
    "list_resize": "SELECT len(list_resize([1], 1000000000))",
    "array_resize": "SELECT len(array_resize([1], 1000000000))",
    "printf_width": "SELECT length(printf('%2000000000d', 1))",
    "printf_star": "SELECT length(printf('%*d', 2000000000, 1))",
    "format_width": "SELECT length(format('{{:>2000000000}}', 1))",
    "format_nested": "SELECT length(format('{{:>{{}}}}', 1, 2000000000))",
    "bar_width": "SELECT length(bar(1, 0, 1, 2000000000))",
    "replace_amplified": "SELECT max(length(replace(ma_ho_so, '-', repeat('y', 10000)))) FROM fct_dossier",
    "replace_long_literal": "SELECT replace(ma_ho_so, '-', '" + "y" * 2000 + "') FROM fct_dossier",
}

VARIANTS: dict[str, str] = {}
for fn, args in FILE_TABLE_FUNCTIONS.items():
    for sp_name, spelled in _spellings(fn).items():
        VARIANTS[f"{fn}/{sp_name}"] = f"SELECT * FROM {spelled}({args})"
    for form_name, sql in _forms(f"{fn}({args})").items():
        VARIANTS[f"{fn}/{form_name}"] = sql

CORPUS: dict[str, str] = {
    **{f"base/{k}": v for k, v in BASE_ESCAPES.items()},
    **{f"new/{k}": v for k, v in NEW.items()},
    **{f"variant/{k}": v for k, v in VARIANTS.items()},
}
# look-alikes that DuckDB parses as another (non-existent) name: refused or "not found", never run
NOT_RUN_OK = {"new/fullwidth_r", "new/cyrillic_a"}


def _assert_no_leak(pub: Path, *texts: str | None) -> None:
    for text in texts:
        for secret in _secrets(pub):
            assert secret not in (text or ""), (secret, text)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_escape_corpus_is_refused(pub, name):
    sql = CORPUS[name].format(db=pub, dir=pub.parent)
    with pytest.raises(InspectError) as exc:
        run_sql(pub, sql, limits=Limits(timeout_s=10))
    msg = str(exc.value)
    if name in NOT_RUN_OK:
        assert msg.startswith(("Không được phép", "Không tìm thấy")), msg
    else:
        assert exc.value.kind == "tu_choi", (name, msg, exc.value.detail)
        assert msg.startswith("Không được phép"), msg
    _assert_no_leak(pub, msg, exc.value.detail)
    for leak in ("/tmp/insp_leak.csv", "/tmp/insp_leak.parquet", "/tmp/insp_export", "/tmp/insp_other.duckdb"):
        assert not os.path.exists(leak)


@pytest.mark.parametrize("name", sorted(n for n in CORPUS if n.startswith("new/")))
def test_cli_output_shows_no_path(pub, name):
    """What the inspector sees on screen (`motcua sql "<query>"`) names no path either."""
    buf = io.StringIO()
    console = Console(file=buf, width=10_000, color_system=None)
    rc = run_query(pub, CORPUS[name].format(db=pub, dir=pub.parent), "table", console, limits=Limits(timeout_s=10))
    assert rc == 1
    _assert_no_leak(pub, buf.getvalue())


def test_the_corpus_is_large():
    assert len(CORPUS) >= 250, len(CORPUS)


def test_duckdb_own_errors_are_scrubbed_of_paths(pub):
    """Second line: were a call to slip past the filter, DuckDB's own message (e.g. a refused
    ~/.duckdb directory) is shown without the home folder or data path."""
    from pipelines.inspect.sandbox import open_sandbox, scrub_paths, translate_error

    limits = Limits(timeout_s=10)
    con = open_sandbox(pub, limits)
    try:
        with pytest.raises(duckdb.Error) as exc:
            con.execute("SELECT * FROM duckdb_extensions()").fetchall()
    finally:
        con.close()
    err = scrub_paths(translate_error(exc.value, limits), pub)
    _assert_no_leak(pub, str(err), err.detail)


# The child's own peak is VmHWM, the high-water mark of its address space (new at exec). Not
# getrusage's ru_maxrss: Linux carries that over exec from the parent's memory (subprocess
# spawns by vfork), so a pytest worker that once held 1.6 GB made every child "peak" at 1.6 GB.
PEAK_CHILD = """
import re, sys
from pipelines.inspect.sandbox import InspectError, Limits, run_sql
try:
    run_sql(sys.argv[1], sys.argv[2], limits=Limits(memory_limit="1GB", timeout_s=60))
    print("ran")
except InspectError as e:
    print(e.kind)
status = open("/proc/self/status", encoding="ascii").read()
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024)
"""


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT length(repeat('x', 2000000000))",
        "SELECT len(range(400000000))",
        "SELECT length(lpad('x', 2000000000, 'y'))",
    ],
)
def test_scalar_blowups_stay_under_the_memory_limit(pub, sql):
    """Measured in a child process: before the parse-tree checks these peaked at 4 GB / 15 GB / 4 GB
    against the 1 GB limit (DuckDB's memory_limit does not cover a scalar function's result)."""
    p = subprocess.run(
        [sys.executable, "-c", PEAK_CHILD, str(pub), sql],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert p.returncode == 0, p.stderr
    outcome, peak = p.stdout.split()
    assert peak.isdigit() and int(peak) < 1.5 * 1024**3, (outcome, int(peak) / 1024**2)
    assert outcome == "tu_choi"


# --------------------------------------------------------------------------- still working

WORKING = {
    "join_group": "SELECT u.ma, count(*) AS n FROM fct_dossier d JOIN dim_unit u USING (don_vi) GROUP BY ALL ORDER BY 1",
    "cte": "WITH x AS (SELECT trang_thai, count(*) AS n FROM fct_dossier GROUP BY 1) SELECT sum(n) FROM x",
    "window": "SELECT ma_ho_so, row_number() OVER (PARTITION BY trang_thai ORDER BY ma_ho_so) AS r, "
    "lag(ma_ho_so) OVER w, sum(trang_thai) OVER w FROM fct_dossier WINDOW w AS (ORDER BY ma_ho_so) LIMIT 5",
    "collate_vi": "SELECT don_vi FROM dim_unit ORDER BY don_vi COLLATE vi",
    "qualify": "FROM fct_dossier SELECT * QUALIFY row_number() OVER (PARTITION BY don_vi ORDER BY ma_ho_so) = 1",
    "lateral_unnest": "SELECT d.ma_ho_so, x FROM fct_dossier d, LATERAL unnest([1, 2]) t(x) LIMIT 4",
    "range_tf": "SELECT count(*) FROM range(10) r JOIN generate_series(DATE '2024-01-01', DATE '2024-01-31', INTERVAL 1 DAY) g ON true",
    "pivot_like": "SELECT don_vi, count(*) FILTER (WHERE trang_thai = 0) AS moi FROM fct_dossier GROUP BY ALL",
    "string_funcs": "SELECT lpad(trang_thai::VARCHAR, 3, '0'), repeat('─', 40), upper(don_vi), "
    "regexp_replace(ma_ho_so, '\\d+', '#'), printf('%05d', trang_thai), format('{:>6}', trang_thai), "
    "strftime(TIMESTAMP '2024-05-01 08:00', '%d/%m/%Y'), string_agg(DISTINCT don_vi, ', ') OVER () FROM fct_dossier LIMIT 3",
    "scalar_small_range": "SELECT len(range(10)), list_sum(generate_series(1, 10)), list_resize([1], 3)",
    "quoted_allowed": "SELECT \"upper\"('a'), main.lower('B'), COUNT(*) FROM fct_dossier",
    "catalog": "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views()",
    "catalog_columns": "SELECT column_name FROM duckdb_columns() WHERE table_name = 'fct_dossier'",
    "information_schema": "SELECT table_name FROM information_schema.tables",
    "describe": "DESCRIBE fct_dossier",
    "summarize": "SUMMARIZE fct_dossier",
    "show_tables": "SHOW TABLES",
    "show_all_tables": "SHOW ALL TABLES",
    "show_table": "SHOW fct_dossier",
    "pragma_table_info": "PRAGMA table_info('fct_dossier')",
    "call_pragma_table_info": "CALL pragma_table_info('fct_dossier')",
    "explain": "EXPLAIN SELECT * FROM fct_dossier",
    "values": "VALUES (1, 'a'), (2, 'b')",
    "param": "SELECT count(*) FROM fct_dossier WHERE trang_thai = $tt",
    "dates": "SELECT date_diff('day', DATE '2024-01-01', current_date) > 0, now() IS NOT NULL, "
    "date_trunc('month', TIMESTAMPTZ '2024-05-03 10:00+07')",
}


@pytest.mark.parametrize("name", sorted(WORKING))
def test_inspector_queries_still_work(pub, name):
    out = run_sql(pub, WORKING[name], params={"tt": 3}, limits=Limits(timeout_s=30))
    assert len(out[-1]) > 0


def test_collate_vi_orders_vietnamese(pub):
    df = run_sql(pub, "SELECT don_vi FROM dim_unit ORDER BY don_vi COLLATE vi")[0]
    assert df["don_vi"].tolist() == ["Ân Phú", "Can Lộc", "Đức Thọ", "Hà Tĩnh", "Kỳ Anh"]


def test_named_inspections_pass_the_filter():
    """Every shipped inspection (sql/inspections/*.sql) parses and passes the parse-tree checks
    (running them on a simulated year is tests/inspect/test_inspections.py)."""
    from pipelines.settings import SQL_DIR

    files = sorted((SQL_DIR / "inspections").glob("*.sql"))
    assert files
    for f in files:
        assert check_sql(f.read_text(encoding="utf-8")), f.name


def test_project_macros_scalar_pass_table_refused(tmp_path):
    """The scalar macros of sql/macros/ are the project's SQL (the inspections call
    is_open_overdue_at, wd_add): they pass. Its table macros are build helpers, and a macro name
    an inspector invents is not in the list: both refused."""
    from pipelines.inspect.sandbox import project_scalar_macros

    macros = tmp_path / "macros"
    macros.mkdir()
    # one scalar macro, one table macro: only the scalar one is listed
    (macros / "m.sql").write_text(
        "CREATE OR REPLACE MACRO add_one(X) AS (X + 1);\ncreate macro rows_of(T) as table SELECT * FROM T;\n"
    )
    assert project_scalar_macros(tmp_path) == {"add_one"}
    assert check_sql("SELECT wd_add(DATE '2022-03-01', 3), is_open_overdue_at(d, DATE '2022-03-01') FROM fct_dossier d")
    for sql in ("SELECT * FROM sum_units_once(metric_facts, ['period'])", "SELECT * FROM distinct_versions(stg_hoso)"):
        with pytest.raises(InspectError, match="Không được phép"):
            check_sql(sql)


# --------------------------------------------------------------------------- xlsx: text stays text

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://example.com/x","bấm")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "http://x",
    "https://example.com/a?b=c",
    "mailto:a@b.c",
    "012",
    "1e5",
    " =1+1",
    "a\tb",
    "dòng 1\r\ndòng 2",
    "=cmd|'/C calc'!A0",
    "=1+1\r",
    "\t=1+1",
]


def test_xlsx_stores_text_as_text(tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "ket_qua.xlsx"
    df = pd.DataFrame({"=SUM(1,2)": FORMULAS, "so": range(len(FORMULAS))})
    console = Console(file=io.StringIO(), width=200)
    render(df, "xlsx", console, out)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("ket_qua").to_python()
    assert rows[0][0] == "=SUM(1,2)"  # the header too
    for want, row in zip(FORMULAS, rows[1:]):
        assert isinstance(row[0], str) and row[0] == want.replace("\r\n", "\n") or row[0] == want, (want, row[0])
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(z.read(n).decode("utf-8") for n in sheets)
        assert "<f>" not in xml and "<f " not in xml
        assert "hyperlink" not in xml.lower()
        assert not any(n.startswith("xl/worksheets/_rels") for n in z.namelist())


def test_sql_to_xlsx_end_to_end(pub, tmp_path):
    out = tmp_path / "q.xlsx"
    console = Console(file=io.StringIO(), width=200)
    rc = run_query(
        pub,
        "SELECT '=1+1' AS a, '=HYPERLINK(\"http://x\")' AS b, 'http://x' AS c, '+cmd' AS d",
        "xlsx",
        console,
        out=out,
    )
    assert rc == 0
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("ket_qua").to_python()
    assert rows[1] == ["=1+1", '=HYPERLINK("http://x")', "http://x", "+cmd"]
    with zipfile.ZipFile(out) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode("utf-8")
