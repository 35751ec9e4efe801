"""The personal-data search of test_simulated_year finds what it must (positive controls, fast)."""

from __future__ import annotations

import duckdb
import pandas as pd

from tests.inspect.test_simulated_year import Finder, _texts_of

VALUES = {
    "chu_ho_so": {"Nguyễn Thị Thảo"},
    "so_giay_to": {"042158183922"},
    "so_dien_thoai": {"0856764936"},
    "email": {"thao.nguyen79@gmail.com"},
    "dia_chi": {"Tổ dân phố 2, Phường Kỳ Long, Thị xã Kỳ Anh, Hà Tĩnh"},
}


def test_finder_matches_words_not_fragments():
    f = Finder(VALUES)
    assert f.find("chủ hồ sơ: NGUYỄN THỊ THẢO, đt 0856764936") == {
        ("chu_ho_so", "Nguyễn Thị Thảo"),
        ("so_dien_thoai", "0856764936"),
    }
    assert f.find('{"DiaChi": "Tổ dân phố 2 - Phường Kỳ Long - Thị xã Kỳ Anh - Hà Tĩnh"}') == {
        ("dia_chi", "Tổ dân phố 2, Phường Kỳ Long, Thị xã Kỳ Anh, Hà Tĩnh")
    }
    assert f.find("Nguyễn Thị Thảo Vy") == {("chu_ho_so", "Nguyễn Thị Thảo")}  # a longer name contains it
    assert not f.find("Nguyễn Thị Thanh 08567649361 thao.nguyen79@gmail.co")


def test_planted_values_are_found_in_duckdb_parquet_and_xlsx(tmp_path):
    db = tmp_path / "motcua.duckdb"
    con = duckdb.connect(str(db))
    # many repeats: DuckDB compresses such a column (dictionary / FSST), raw bytes would not show it
    con.execute(
        "CREATE TABLE t AS SELECT 'HS-' || range AS ma, CASE WHEN range % 1000 = 7 THEN "
        "'{\"ChuHoSo\": \"Nguyễn Thị Thảo\"}' ELSE 'không' END AS ghi_chu FROM range(100000)"
    )
    con.execute("CREATE TABLE u AS SELECT ['a', '0856764936'] AS l")
    con.execute(f"COPY (SELECT 'thao.nguyen79@gmail.com' AS e) TO '{tmp_path / 'x.parquet'}' (FORMAT parquet)")
    con.execute("CHECKPOINT")
    con.close()
    pd.DataFrame({"dia": ["Tổ dân phố 2, Phường Kỳ Long, Thị xã Kỳ Anh, Hà Tĩnh"]}).to_excel(
        tmp_path / "x.xlsx", index=False, engine="xlsxwriter"
    )
    f = Finder(VALUES)
    text, _ = _texts_of(db)
    assert f.find(text) == {("chu_ho_so", "Nguyễn Thị Thảo"), ("so_dien_thoai", "0856764936")}
    assert f.find(_texts_of(tmp_path / "x.parquet")[0]) == {("email", "thao.nguyen79@gmail.com")}
    assert {c for c, _ in f.find(_texts_of(tmp_path / "x.xlsx")[0])} == {"dia_chi"}
