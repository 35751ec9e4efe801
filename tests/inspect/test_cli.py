"""`motcua sql` behaviour through cli_impl.sql_command (what the lead's typer command calls)."""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
import pytest
from rich.console import Console

from pipelines.inspect.cli_impl import sql_command


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    path = d / "motcua.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE run_params AS SELECT DATE '2022-06-30' AS as_of, 'r1' AS run_id")
    con.execute(
        "CREATE TABLE dim_agency AS SELECT * FROM (VALUES ('000.00.12.H27', 'Sở Tư pháp', 'tinh'), "
        "('000.00.30.H27', 'UBND huyện Cẩm Xuyên', 'huyen')) t(ma_don_vi, ten_don_vi, level)"
    )
    con.execute("COMMENT ON TABLE dim_agency IS 'Đơn vị'")
    con.close()
    return path


def _console():
    buf = io.StringIO()
    return Console(file=buf, width=160, color_system=None), buf


def test_command_table_csv_json(db):
    c, buf = _console()
    assert sql_command(db, command="SELECT ma_don_vi, ten_don_vi FROM dim_agency ORDER BY 1", console=c) == 0
    assert "Sở Tư pháp" in buf.getvalue() and "2 dòng" in buf.getvalue()
    c, buf = _console()
    assert sql_command(db, command="SELECT ma_don_vi, level FROM dim_agency ORDER BY 1", fmt="csv", console=c) == 0
    assert buf.getvalue().splitlines() == ["ma_don_vi,level", "000.00.12.H27,tinh", "000.00.30.H27,huyen"]
    c, buf = _console()
    assert (
        sql_command(
            db, command="SELECT ten_don_vi, [1, 2] AS l FROM dim_agency ORDER BY 1 LIMIT 1", fmt="json", console=c
        )
        == 0
    )
    assert json.loads(buf.getvalue()) == [{"ten_don_vi": "Sở Tư pháp", "l": [1, 2]}]


def test_out_files_csv_json_xlsx(db, tmp_path):
    c, _ = _console()
    assert (
        sql_command(db, command="SELECT * FROM dim_agency ORDER BY 1", fmt="xlsx", out=tmp_path / "a.xlsx", console=c)
        == 0
    )
    df = pd.read_excel(tmp_path / "a.xlsx", engine="calamine", dtype=str)
    assert list(df["ten_don_vi"]) == ["Sở Tư pháp", "UBND huyện Cẩm Xuyên"]
    assert sql_command(db, command="SELECT * FROM dim_agency", fmt="csv", out=tmp_path / "a.csv", console=c) == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("ma_don_vi,ten_don_vi,level")
    assert sql_command(db, command="SELECT 1", fmt="xlsx", console=c) == 2  # xlsx needs --out
    assert sql_command(db, command="SELECT 1", fmt="pdf", console=c) == 2


def test_file_option(db, tmp_path):
    f = tmp_path / "q.sql"
    f.write_text("-- đếm đơn vị\nSELECT count(*) AS n FROM dim_agency;\n", encoding="utf-8")
    c, buf = _console()
    assert sql_command(db, file=f, fmt="csv", console=c) == 0
    assert buf.getvalue().split() == ["n", "2"]


def test_refusal_exit_code_and_message(db):
    c, buf = _console()
    assert sql_command(db, command="DROP TABLE dim_agency", console=c) == 1
    assert "Không được phép" in buf.getvalue()
    c, buf = _console()
    assert sql_command(db, command="SELECT * FROM read_csv('/etc/passwd')", console=c) == 1
    assert "Không được phép" in buf.getvalue() and "root:" not in buf.getvalue()


def test_missing_database(tmp_path):
    c, buf = _console()
    assert sql_command(tmp_path / "khong_co.duckdb", command="SELECT 1", console=c) == 2
    assert "motcua run" in buf.getvalue()


def test_list_and_named_query_usage(db):
    c, buf = _console()
    assert sql_command(db, list_queries=True, console=c) == 0
    assert "qua_han_khong_xin_loi" in buf.getvalue()
    c, buf = _console()
    assert sql_command(db, list_queries=True, fmt="json", console=c) == 0
    assert len(json.loads(buf.getvalue())) >= 12
    c, buf = _console()
    assert sql_command(db, query="khong_co", console=c) == 1
    assert "Không có truy vấn kiểm tra" in buf.getvalue()
    c, buf = _console()
    assert sql_command(db, command="SELECT 1", params=["a=1"], console=c) == 2
    c, buf = _console()
    assert sql_command(db, query="bo_sung_nhieu_lan", params=["so_lan"], console=c) == 1
    assert "ten=gia_tri" in buf.getvalue()


def test_interactive_session(db):
    script = iter(
        [
            "\\d",
            "\\d dim_agency",
            "SELECT count(*) AS n",
            "FROM dim_agency;",
            "INSERT INTO dim_agency",
            "VALUES ('x', 'y', 'z');",
            "\\h",
            "\\quit",
            "SELECT 'không chạy';",
        ]
    )

    def inp(prompt):
        try:
            return next(script)
        except StopIteration:
            raise EOFError from None

    c, buf = _console()
    assert sql_command(db, console=c, interactive_input=inp) == 0
    out = buf.getvalue()
    assert "dim_agency" in out and "Đơn vị" in out  # \d and \d dim_agency
    assert "Không được phép" in out  # the INSERT
    assert "không chạy" not in out  # after \quit
    assert "Thoát" in out
