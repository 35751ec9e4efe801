"""The 7 real national-portal catalogue exports load as tthc (2,642 procedures)."""

from __future__ import annotations

import datetime as dt

from pipelines.readers.read import read_file
from pipelines.settings import REFERENCE_DIR

EXPECTED = {
    "danh-sach-tthc-BoCongAn.xlsx": 339,
    "danh-sach-tthc-BoTaiChinh.xlsx": 706,
    "danh-sach-tthc-BoTuPhap.xlsx": 271,
    "danh-sach-tthc-BoXayDung.xlsx": 525,
    "danh-sach-tthc-NganhangNhanuocVietNam.xlsx": 261,
    "danh-sach-tthc-NongNghiepvaMoiTruong.xlsx": 537,
    "toa-an-nhan-dan.xlsx": 3,
}


def test_portal_catalogue_exports_load_as_tthc():
    total = 0
    for name, n in EXPECTED.items():
        r = read_file(REFERENCE_DIR / "tthc-catalog-dvcqg" / name, landed_on=dt.date(2025, 1, 2))
        assert r.error is None, r.error
        assert r.entity == "tthc" and r.rows_loaded == n and r.rows_quarantined == 0, (name, r.message)
        t = r.table
        assert set(t.column("ngay_xuat").to_pylist()) == {dt.date(2025, 1, 2)}
        # the portal's export has no "Loại TTHC" column: it stays empty (no default stands in for
        # an absent column, metrics.md "Required columns"), and the file's record says so
        assert t.column("loai_tthc").null_count == n and "loai_tthc" not in r.columns
        assert {"ma_tthc", "ten_tthc", "ngay_xuat", "co_quan_ban_hanh"} <= set(r.columns)
        assert t.column("ma_tthc").null_count == 0 and t.column("ten_tthc").null_count == 0
        assert t.column("co_quan_ban_hanh").null_count == 0
        total += n
    assert total == 2642
