"""Vietnamese documentation of the tables built in Python (not sql/ models, whose metadata.yaml
holds the same): a `TableDoc` per table, written as DuckDB comments by `document_table`.

Read by `motcua sql --schema` (pipelines.inspect.schema); sensitivity classes in docs/glossary.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableDoc:
    """Vietnamese documentation and sensitivity class of a table built in Python (not a sql/
    model, whose metadata.yaml holds the same). `sensitivity`: cong_khai (may be published) or
    noi_bo (internal); read by `motcua sql --schema` (pipelines.inspect.schema)."""

    comment: str
    sensitivity: str
    columns: dict[str, str]


def document_table(con, table: str, doc: TableDoc) -> None:
    """COMMENT ON TABLE and COMMENT ON COLUMN (each column of `doc` the table has)."""

    def q(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    con.execute(f"COMMENT ON TABLE {table} IS {q(doc.comment)}")
    have = {r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()}
    for col, text in doc.columns.items():
        if col in have:
            con.execute(f'COMMENT ON COLUMN {table}."{col}" IS {q(text)}')


RUN_PARAMS_DOC = TableDoc(
    "Tham số lần chạy: ngày chốt số liệu (as_of), kế hoạch, mã lần chạy",
    "cong_khai",
    {
        "as_of": "Ngày chốt số liệu D: mọi số liệu tính theo dữ liệu đã biết đến hết ngày này",
        "plan_id": "Mã kế hoạch được đánh giá (trống khi không có tệp kế hoạch)",
        "run_id": "Mã lần chạy",
    },
)
LOAD_SUMMARY_DOC = TableDoc(
    "Tóm tắt nạp dữ liệu: số dòng vào, đã nạp, cách ly theo từng loại dữ liệu của mỗi lần chạy "
    "(rows_in = rows_loaded + rows_quarantined)",
    "noi_bo",
    {
        "run_id": "Mã lần chạy",
        "entity": "Loại dữ liệu (hoso, tientrinh, danhgia, thanhtoan, tthc, donvi, pakn, rasoat, nhiemvu, baocao, "
        "tailieunop, giaytoketqua, lephi, tthc_donvi, diem766; khong_xac_dinh: tệp không nhận ra)",
        "rows_in": "Số dòng dữ liệu trong các tệp (= đã nạp + cách ly)",
        "rows_loaded": "Số dòng đã nạp vào kho",
        "rows_quarantined": "Số dòng bị cách ly (thiếu khóa, ngày sai, mã lạ...; đánh giá, thanh toán của hồ sơ không có trong kho)",
    },
)
REF_CALENDAR_RANGE_DOC = TableDoc(
    "Phạm vi lịch làm việc và năm dữ liệu đầu tiên (dùng cho dim_calendar, dim_period)",
    "cong_khai",
    {
        "first_data_year": "Năm dữ liệu đầu tiên (năm đầu của dim_period)",
        "as_of_year": "Năm của ngày chốt số liệu",
        "calendar_start": "Ngày đầu của lịch (dim_calendar)",
        "calendar_end": "Ngày cuối của lịch (dim_calendar; có thể sau ngày chốt để tính hạn)",
    },
)
REF_DAYS_OFF_DOC = TableDoc(
    "Ngày nghỉ lễ, tết của cơ quan hành chính nhà nước "
    "(2022: tệp tham chiếu vn_public_holidays_2022.csv; năm khác: gói holidays)",
    "cong_khai",
    {
        "d": "Ngày nghỉ lễ, tết, kể cả nghỉ bù (có thể trùng thứ Bảy, Chủ nhật); ngày làm việc = thứ Hai–thứ Sáu trừ các ngày này",
        "ten_ngay_nghi": "Tên ngày nghỉ (năm 2022: tiếng Việt; năm khác: tên tiếng Anh của gói holidays)",
        "nguon": "Nguồn: reference:<tệp tham chiếu> hoặc holidays <phiên bản gói>",
    },
)
DIM_LEVEL_DOC = TableDoc(
    "Các cấp hành chính của kho: mã, tên tiếng Việt, thứ tự hiển thị (một định nghĩa duy nhất, "
    "pipelines/contract.py LEVELS)",
    "cong_khai",
    {
        "level": "Mã cấp: toan_tinh (toàn tỉnh), tinh, huyen, xa, tw",
        "ten_cap": "Tên cấp (tiếng Việt)",
        "sort_order": "Thứ tự hiển thị (toàn tỉnh trước, rồi tỉnh, huyện, xã, Trung ương)",
        "is_unit_level": "Là cấp của đơn vị (không phải dòng tổng hợp toàn tỉnh)",
    },
)
BUILD_STATE_DOC = TableDoc(
    "Trạng thái lần dựng kho (nội bộ): dấu vân tay của mã SQL và kế hoạch, ngày chốt, các mốc "
    "ngày của dữ liệu; lần chạy sau chỉ cập nhật phần mới khi dấu vân tay không đổi",
    "noi_bo",
    {
        "fingerprint": "Dấu vân tay SHA-256 của thư mục sql/, các tệp kế hoạch và mã dựng kho",
        "as_of": "Ngày chốt số liệu của lần dựng",
        "data_as_of": "Ngày mới nhất của dữ liệu đã nạp (hồ sơ, tiến trình, đánh giá, thanh toán)",
        "data_first": "Ngày sớm nhất của dữ liệu (năm dữ liệu đầu tiên)",
        "data_last": "Ngày muộn nhất của dữ liệu",
        "reach_min": "Ngày sớm nhất mà lịch làm việc phải bao phủ",
        "reach_max": "Ngày muộn nhất mà lịch làm việc phải bao phủ (kể cả hạn trả, hạn nộp)",
    },
)
BUILD_FILES_DOC = TableDoc(
    "Các tệp đã phân tích có trong kho (nội bộ): mã tệp (SHA-256 nội dung) và loại dữ liệu",
    "noi_bo",
    {
        "file_id": "Mã tệp: SHA-256 nội dung tệp đã nhận (raw/files)",
        "entity": "Loại dữ liệu của tệp (hoso, tientrinh, danhgia, …)",
    },
)
FILE_COLUMNS_DOC = TableDoc(
    'Các cột mà mỗi tệp đã nạp mang theo (metrics.md, "Required columns"): cột tệp không có là '
    "vắng mặt, khác với ô trống; dùng để biết chỉ số nào chưa tính được vì thiếu dữ liệu",
    "noi_bo",
    {
        "file_id": "Mã tệp nạp (sha256 nội dung)",
        "ten_tep": "Tên gốc của tệp khi nhận (trống với tệp đọc trước khi ghi nhận tên: dùng mã tệp)",
        "entity": "Thực thể của tệp (hoso, tientrinh, …)",
        "column_name": "Cột đã đọc (tên chuẩn, docs/parsed-contract.md)",
        "carried": "Tệp có cột này (tiêu đề có cột, hoặc cột suy ra từ một cột tệp có)",
    },
)
# every table this module writes itself (raw_* are temporary, never published)
BUILT_TABLES: dict[str, TableDoc] = {
    "run_params": RUN_PARAMS_DOC,
    "load_summary": LOAD_SUMMARY_DOC,
    "ref_calendar_range": REF_CALENDAR_RANGE_DOC,
    "ref_days_off": REF_DAYS_OFF_DOC,
    "dim_level": DIM_LEVEL_DOC,
    "build_state": BUILD_STATE_DOC,
    "build_files": BUILD_FILES_DOC,
    "file_columns": FILE_COLUMNS_DOC,
}
