"""Entity recognition by header: variants, order, extra columns, unknown files."""

from __future__ import annotations

import pytest

from pipelines.readers.detect import compact, match_header
from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, write_csv, write_xlsx


@pytest.mark.parametrize(
    "transform",
    [
        lambda h: h,
        lambda h: compact(h),  # no diacritics, no spaces
        lambda h: h.upper(),  # upper case
        lambda h: f"  {h}  ",  # surrounding spaces
        lambda h: h.replace("ồ", "o").replace("ã", "a").replace("ơ", "o").replace("Đ", "D").lower(),
    ],
)
def test_header_variants(tmp_path, transform):
    header = [transform(h) for h in HOSO_HEADER]
    rows = [[hoso_row(1)[h] for h in HOSO_HEADER]]
    r = read_file(write_csv(tmp_path / "v.csv", header, rows))
    assert r.error is None, r.error
    assert r.entity == "hoso" and r.rows_loaded == 1
    assert r.table.column("ma_ho_so")[0].as_py() == "000.00.12.H27-220315-0001"


def test_reordered_columns_and_extra_columns_ignored(tmp_path):
    header = list(reversed(HOSO_HEADER)) + ["Ghi chú nội bộ"]
    row = hoso_row(1)
    rows = [[row.get(h, "x") for h in header]]
    r = read_file(write_xlsx(tmp_path / "r.xlsx", header, rows))
    assert r.entity == "hoso" and r.rows_loaded == 1
    assert r.table.column("phi_le_phi")[0].as_py() == 1250000
    assert "Ghi chú nội bộ" in r.message


def test_entity_by_header_not_by_file_name(tmp_path):
    header = ["Mã đánh giá", "Mã hồ sơ", "Thời gian đánh giá", "Kênh đánh giá", "Mức độ hài lòng"]
    rows = [["DG1", "HS1", "01/03/2022 10:00", "Kiosk", "Rất hài lòng"], ["DG2", "HS2", "01/03/2022", "Cổng DVC", "2"]]
    r = read_file(write_csv(tmp_path / "ho-so-thang-3.csv", header, rows))
    assert r.entity == "danhgia"
    assert r.table.column("muc_do_hai_long").to_pylist() == [5, 2]


@pytest.mark.parametrize(
    "header,entity",
    [
        (["Mã hồ sơ", "Bước", "Thời điểm xử lý", "Trạng thái", "Nội dung xử lý"], "tientrinh"),
        (["Mã hồ sơ", "Trạng thái", "Ngày tiếp nhận", "Mã TTHC", "Ngày nộp"], "hoso"),
        (["Mã PAKN", "Ngày tiếp nhận", "Trạng thái"], "pakn"),
        (["Mã TTHC", "Đơn vị rà soát", "Số quy định hiện hành"], "rasoat"),
        (["Mã TTHC", "Tên TTHC", "Cấp thực hiện", "Mức độ DVC"], "tthc"),
        (["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"], "tthc"),
        (["Mã nhiệm vụ", "Đơn vị thực hiện", "Sản phẩm", "Hạn hoàn thành"], "nhiemvu"),
        (["Đơn vị báo cáo", "Kỳ báo cáo", "Ngày nộp"], "baocao"),
        (["Mã định danh", "Tên đơn vị", "Cấp"], "donvi"),
        (["Mã giao dịch", "Mã hồ sơ", "Số tiền (VND)", "Trạng thái"], "thanhtoan"),
    ],
)
def test_shared_headers_resolved_by_identifying_columns(header, entity):
    assert match_header(header).entity == entity


def test_unknown_entity_file_quarantined_whole(tmp_path):
    r = read_file(write_csv(tmp_path / "hoso.csv", ["Họ tên", "Lớp", "Điểm"], [["A", "1", "9"]]))
    assert r.entity is None and r.table is None
    assert "hoso.csv" in r.error and "no header row" in r.error
