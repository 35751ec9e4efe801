"""The inspectors' door is read-only and closed: escapes and writes are refused in Vietnamese,
queries are capped in time and memory, and the published file is never changed."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.inspect.sandbox import InspectError, Limits, check_sql, open_sandbox, run_sql, translate_error

SECRET_DIR_FILE = "/etc/passwd"


@pytest.fixture(scope="module")
def pub(tmp_path_factory) -> Path:
    """A small 'published' database in its own folder, with a CSV lying next to it."""
    d = tmp_path_factory.mktemp("curated")
    db = d / "motcua.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE fct_dossier AS SELECT 'HS-' || range AS ma_ho_so, range % 7 AS trang_thai FROM range(1000)"
    )
    con.execute("CREATE VIEW v_dem AS SELECT trang_thai, count(*) AS n FROM fct_dossier GROUP BY ALL")
    con.execute("COMMENT ON TABLE fct_dossier IS 'Hồ sơ'")
    con.execute("CHECKPOINT")
    con.close()
    (d / "ben_canh.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return db


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


ESCAPES = {
    # file and network reads
    "read_csv": f"SELECT * FROM read_csv('{SECRET_DIR_FILE}')",
    "read_csv_auto": f"SELECT * FROM read_csv_auto('{SECRET_DIR_FILE}')",
    "file_as_table": f"SELECT * FROM '{SECRET_DIR_FILE}'",
    "read_parquet": "SELECT * FROM read_parquet('/tmp/x.parquet')",
    "read_json": "SELECT * FROM read_json('/tmp/x.json')",
    "read_text": f"SELECT * FROM read_text('{SECRET_DIR_FILE}')",
    "read_blob": f"SELECT * FROM read_blob('{SECRET_DIR_FILE}')",
    "read_blob_published_file": "SELECT * FROM read_blob('{db}')",
    "glob": "SELECT * FROM glob('/*')",
    "sniff_csv": f"SELECT * FROM sniff_csv('{SECRET_DIR_FILE}')",
    "http": "SELECT * FROM read_csv('http://example.com/x.csv')",
    "neighbour_csv": "SELECT * FROM read_csv('{dir}/ben_canh.csv')",
    "in_subquery": f"SELECT (SELECT count(*) FROM read_text('{SECRET_DIR_FILE}')) AS n",
    "in_cte": f"WITH x AS (SELECT * FROM read_csv('{SECRET_DIR_FILE}')) SELECT * FROM x",
    # writes to files
    "copy_to": "COPY fct_dossier TO '/tmp/insp_leak.csv'",
    "copy_query_to": "COPY (SELECT * FROM fct_dossier) TO '/tmp/insp_leak.parquet' (FORMAT parquet)",
    "copy_from": f"COPY fct_dossier FROM '{SECRET_DIR_FILE}'",
    "export_database": "EXPORT DATABASE '/tmp/insp_export'",
    "import_database": "IMPORT DATABASE '/tmp/insp_export'",
    # other databases, extensions
    "attach": "ATTACH '/tmp/insp_other.duckdb' AS o",
    "attach_memory": "ATTACH ':memory:' AS m",
    "detach": "DETACH motcua",
    "use": "USE memory",
    "install": "INSTALL httpfs",
    "force_install": "FORCE INSTALL json",
    "load": "LOAD httpfs",
    "load_path": "LOAD '/tmp/x.duckdb_extension'",
    "update_extensions": "UPDATE EXTENSIONS",
    # settings
    "set_external_access": "SET enable_external_access = true",
    "set_memory": "SET memory_limit = '100GB'",
    "set_timeout": "SET max_execution_time = 0",
    "set_allowed_directories": "SET allowed_directories = ['/']",
    "reset": "RESET enable_external_access",
    "reset_lock": "RESET lock_configuration",
    "pragma_setting": "PRAGMA threads = 64",
    "pragma_profiling": "PRAGMA enable_profiling",
    "set_variable": "SET VARIABLE x = 1",
    # writes to the database
    "create_table": "CREATE TABLE x (i INTEGER)",
    "create_table_as": "CREATE TABLE x AS SELECT * FROM fct_dossier",
    "create_temp_table": "CREATE TEMP TABLE x AS SELECT * FROM fct_dossier",
    "create_view": "CREATE VIEW x AS SELECT 1",
    "create_macro": "CREATE MACRO m(a) AS a + 1",
    "create_temp_macro": "CREATE TEMP MACRO m(a) AS a + 1",
    "create_sequence": "CREATE SEQUENCE s",
    "create_secret": "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "create_persistent_secret": "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "duckdb_secrets": "SELECT * FROM duckdb_secrets()",
    "insert": "INSERT INTO fct_dossier VALUES ('X', 1)",
    "update": "UPDATE fct_dossier SET trang_thai = 0",
    "delete": "DELETE FROM fct_dossier",
    "drop_table": "DROP TABLE fct_dossier",
    "drop_view": "DROP VIEW v_dem",
    "alter": "ALTER TABLE fct_dossier ADD COLUMN x INTEGER",
    "rename": "ALTER TABLE fct_dossier RENAME TO y",
    "comment_on": "COMMENT ON TABLE fct_dossier IS 'sửa'",
    "truncate": "TRUNCATE fct_dossier",
    "checkpoint": "CHECKPOINT",
    "force_checkpoint": "FORCE CHECKPOINT",
    "vacuum": "VACUUM",
    "begin": "BEGIN TRANSACTION",
    "write_after_read": "SELECT 1; DROP TABLE fct_dossier",
    "call_checkpoint": "CALL checkpoint()",
    "query_string_file": f"SELECT * FROM query('SELECT * FROM read_text(''{SECRET_DIR_FILE}'')')",
    "query_string_blob": "SELECT * FROM query('SELECT * FROM read_blob(''{db}'')')",
    "serialized_sql": "SELECT json_execute_serialized_sql('{{}}')",
    "getenv": "SELECT getenv('HOME')",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escape_or_write_is_refused(pub, name):
    sql = ESCAPES[name].format(db=pub, dir=pub.parent)
    before = _digest(pub.parent)
    with pytest.raises(InspectError) as exc:
        run_sql(pub, sql, limits=Limits(timeout_s=10))
    assert exc.value.kind == "tu_choi", (name, str(exc.value), exc.value.detail)
    assert str(exc.value).startswith("Không được phép"), str(exc.value)
    assert _digest(pub.parent) == before  # nothing written, nothing changed
    for leak in ("/tmp/insp_leak.csv", "/tmp/insp_leak.parquet", "/tmp/insp_export", "/tmp/insp_other.duckdb"):
        assert not os.path.exists(leak)


# Second line of defence: the same statements, sent straight to the sandboxed connection (no
# statement filter), are refused by DuckDB itself, and the error is translated.
RAW = [
    "read_csv",
    "read_text",
    "read_parquet",
    "glob",
    "http",
    "neighbour_csv",
    "copy_to",
    "copy_from",
    "export_database",
    "attach",
    "install",
    "load",
    "set_external_access",
    "set_memory",
    "set_timeout",
    "reset",
    "pragma_setting",
    "set_allowed_directories",
    "create_table",
    "create_macro",
    "create_view",
    "create_secret",
    "insert",
    "update",
    "delete",
    "drop_table",
    "alter",
    "comment_on",
    "query_string_file",
]


@pytest.mark.parametrize("name", RAW)
def test_duckdb_itself_refuses_without_the_filter(pub, name):
    limits = Limits(timeout_s=10)
    con = open_sandbox(pub, limits)
    try:
        with pytest.raises(duckdb.Error) as exc:
            con.execute(ESCAPES[name].format(db=pub, dir=pub.parent)).fetchall()
        err = translate_error(exc.value, limits)
        assert err.kind == "tu_choi", (name, str(exc.value))
        assert str(err).startswith("Không được phép")
    finally:
        con.close()


def test_sandbox_settings_are_in_force_and_locked(pub):
    con = open_sandbox(pub, Limits(memory_limit="256MB", threads=1, timeout_s=7))
    try:
        got = dict(
            con.execute(
                "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
                "'lock_configuration', 'max_execution_time', 'threads', 'TimeZone', 'temp_directory', "
                "'autoinstall_known_extensions', 'autoload_known_extensions', 'python_enable_replacements', "
                "'enable_progress_bar')"
            ).fetchall()
        )
    finally:
        con.close()
    assert got["enable_external_access"] == "false"
    assert got["lock_configuration"] == "true"
    assert got["max_execution_time"] == "7000"
    assert got["threads"] == "1"
    assert got["TimeZone"] == "Asia/Ho_Chi_Minh"
    assert got["temp_directory"] == ""
    assert got["autoinstall_known_extensions"] == "false" and got["autoload_known_extensions"] == "false"
    assert got["python_enable_replacements"] == "false"
    assert got["enable_progress_bar"] == "false"


def test_python_variables_are_not_scanned(pub):
    import pandas as pd

    secret_frame = pd.DataFrame({"x": [1]})  # noqa: F841 - a replacement scan would find it
    with pytest.raises(InspectError) as exc:
        run_sql(pub, "SELECT * FROM secret_frame")
    assert exc.value.kind != "tu_choi" or "Không được phép" in str(exc.value)
    assert "Không tìm thấy" in str(exc.value) or "Không được phép" in str(exc.value)


@pytest.mark.parametrize(
    "sql, rows",
    [
        ("SELECT count(*) AS n FROM fct_dossier", 1),
        ("FROM v_dem ORDER BY trang_thai", 7),
        ("WITH x AS (SELECT * FROM fct_dossier WHERE trang_thai = $$3$$::INT) SELECT count(*) FROM x", 1),
        ("DESCRIBE fct_dossier", 2),
        ("SHOW TABLES", 2),
        ("SUMMARIZE fct_dossier", 2),
        ("PRAGMA show_tables", 2),
        ("CALL pragma_table_info('fct_dossier')", 2),
        ("EXPLAIN SELECT * FROM fct_dossier", 1),
        ("SELECT table_name, comment FROM duckdb_tables()", 1),
        ("-- chú thích\nSELECT 'read_csv(' AS chuoi_khong_phai_ham", 1),
        ("SELECT 'chép FROM ''x'' ra COPY' AS chuoi", 1),
    ],
)
def test_reading_statements_work(pub, sql, rows):
    df = run_sql(pub, sql)[-1]
    assert len(df) == rows


def test_several_statements_give_several_results(pub):
    out = run_sql(pub, "SELECT 1 AS a; SELECT 2 AS b, 3 AS c;")
    assert [list(df.columns) for df in out] == [["a"], ["b", "c"]]


def test_syntax_and_catalog_errors_are_in_vietnamese(pub):
    with pytest.raises(InspectError, match="Lỗi cú pháp"):
        run_sql(pub, "SELEC 1")
    with pytest.raises(InspectError, match="Không tìm thấy bảng"):
        run_sql(pub, "SELECT * FROM khong_co_bang")
    with pytest.raises(InspectError, match="trống"):
        run_sql(pub, "  -- chỉ có chú thích\n ;")


def test_timeout_interrupts_a_long_query_with_a_clear_message(pub):
    t0 = time.perf_counter()
    with pytest.raises(InspectError) as exc:
        run_sql(
            pub, "SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b", limits=Limits(timeout_s=1.0)
        )
    elapsed = time.perf_counter() - t0
    assert exc.value.kind == "het_gio"
    assert "quá thời gian cho phép (1 giây)" in str(exc.value)
    assert elapsed < 4, elapsed
    # the next query on the same file runs normally
    assert run_sql(pub, "SELECT 1 AS x")[0]["x"].tolist() == [1]


def test_memory_limit_stops_a_greedy_query_without_spilling_files(pub):
    before = set(os.listdir(pub.parent))
    with pytest.raises(InspectError) as exc:
        run_sql(
            pub,
            "SELECT count(DISTINCT s) FROM (SELECT md5(range::VARCHAR) || md5((range + 1)::VARCHAR) AS s "
            "FROM range(20000000))",
            limits=Limits(memory_limit="64MB", timeout_s=30),
        )
    assert exc.value.kind == "bo_nho", (str(exc.value), exc.value.detail)
    assert "giới hạn bộ nhớ (64MB)" in str(exc.value)
    assert set(os.listdir(pub.parent)) == before  # no temp files next to the published database


def test_missing_database_is_explained(tmp_path):
    with pytest.raises(InspectError, match="Chưa có cơ sở dữ liệu đã công bố"):
        run_sql(tmp_path / "khong_co.duckdb", "SELECT 1")


def test_check_sql_lists_statements():
    assert check_sql("SELECT 1; SELECT 2") == ["SELECT 1", "SELECT 2"]


def test_sandbox_is_isolated_from_other_connections_of_the_process(pub):
    """DuckDB shares one instance per file path in a process: the sandbox must neither inherit an
    open connection's settings nor lock that connection (the nightly run's Parquet export)."""
    other = duckdb.connect(str(pub), read_only=True)
    try:
        for _ in range(2):  # twice: the second sandbox must not meet the first one's lock
            assert run_sql(pub, "SELECT count(*) AS n FROM fct_dossier")[0]["n"].tolist() == [1000]
            with pytest.raises(InspectError):
                run_sql(pub, "SELECT * FROM read_text('/etc/passwd')")
        got = other.execute(
            "SELECT current_setting('enable_external_access'), current_setting('lock_configuration')"
        ).fetchone()
        assert got == (True, False)
    finally:
        other.close()
