"""public_posting_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.settings import connect
from pipelines.warehouse.build import build_database
from tests.sql.records import nvd
from tests.warehouse.helpers import AGENCIES, records_to_table, rows


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_public_posting_snapshot_choice_and_two_levels_once(con):
    # 2022-02 (S1): public X1 (tinh, huyen; posted), X2 (xa; not posted); internal I1 not public.
    # Province-wide X1 counts once: 1 / 2 (not 2 / 3); tinh 1/1, huyen 1/1, xa 0/1.
    assert nvd(con, "public_posting_rate", "2022-02") == (1, 2)
    assert nvd(con, "public_posting_rate", "2022-02", "tinh") == (1, 1)
    assert nvd(con, "public_posting_rate", "2022-02", "huyen") == (1, 1)
    assert nvd(con, "public_posting_rate", "2022-02", "xa") == (0, 1)
    # 2022-03 (S2): X1 0 (tinh, huyen), X2 1 (xa), X3 1 (huyen): 2 / 3; huyen: X1 0 + X3 1 = 1/2
    assert nvd(con, "public_posting_rate", "2022-03") == (2, 3)
    assert nvd(con, "public_posting_rate", "2022-03", "huyen") == (1, 2)
    # 2022-Q1: E = 31/03 -> S2, same as March
    assert nvd(con, "public_posting_rate", "2022-Q1") == (2, 3)
    # catalogue facts carry no agency
    assert (
        rows(
            con,
            "SELECT count(*) AS n FROM metric_facts WHERE metric_id = 'public_posting_rate' AND ma_don_vi IS NOT NULL",
        )[0]["n"]
        == 0
    )


def test_portal_list_alone_is_the_catalogue_without_flags(tmp_path):
    # With only the national portal's list (no province snapshot), it is the catalogue, as
    # loaded: 2 public procedures. The portal's export has no column "Đã niêm yết, công khai"
    # (nor any other flag): the file carries ngay_xuat, ma_tthc, ten_tthc, loai_tthc only.
    # niem_yet is then absent from every file of the records concerned -> public_posting_rate
    # has no value (numerator, denominator, value empty; before issue 13 it read 0/2 = 0%,
    # a silent "chưa đạt"), with the column named (metrics.md, "Required columns").
    portal = [
        {"ngay_xuat": "2022-01-05", "ma_tthc": m, "ten_tthc": m, "loai_tthc": "tthc"} for m in ("1.000001", "1.000002")
    ]
    table = records_to_table("tthc", portal)
    table = table.select(["ngay_xuat", "ma_tthc", "ten_tthc", "loai_tthc", "_file_id", "_row", "_landed_seq"])
    raw = {"donvi": records_to_table("donvi", AGENCIES), "tthc": table}
    res = build_database(tmp_path / "portal.duckdb", raw, date(2022, 1, 31), [])
    c = connect(res.db_path, read_only=True)
    try:
        got = c.execute(
            "SELECT numerator, denominator, value, ly_do_khong_co_du_lieu FROM metric_values "
            "WHERE metric_id = 'public_posting_rate' AND period = '2022-01' AND level = 'toan_tinh'"
        ).fetchone()
        assert got[:3] == (None, None, None)
        assert got[3].startswith("Dữ liệu không có cột Đã niêm yết, công khai (tệp: test-tthc)")
        assert got[3].endswith(": chưa tính được tỷ lệ TTHC được niêm yết, công khai")
    finally:
        c.close()
