"""Vietnamese documentation of national.duckdb's tables and views, written as DuckDB comments
(the same `TableDoc` as the province warehouse's tables built in Python)."""

from __future__ import annotations

from pipelines.warehouse.table_docs import TableDoc

PROVINCE = "Mã tỉnh (Tổng cục Thống kê, vd. 42)"
COUNTRY_PROVINCE = "Mã tỉnh (Tổng cục Thống kê); trống ở dòng toàn quốc"

NATIONAL_DOCS: dict[str, TableDoc] = {
    "national_provinces": TableDoc(
        "Các tỉnh trong bản tổng hợp toàn quốc: đã công bố, chưa công bố hoặc lỗi, kèm lý do và độ mới của số liệu",
        "cong_khai",
        {
            "province": PROVINCE,
            "name": "Tên tỉnh (danh mục đơn vị hành chính)",
            "status": "Trạng thái: da_cong_bo, chua_cong_bo, loi",
            "status_vi": "Trạng thái (tiếng Việt)",
            "reason": "Lý do tỉnh không có trong bản tổng hợp, hoặc lần chạy đêm nay của tỉnh không hoàn tất "
            "(trống khi đã công bố và lần chạy hoàn tất)",
            "expected": "Tỉnh có trong danh sách phải có (MOTCUA_NATIONAL_PROVINCES)",
            "as_of": "Ngày chốt số liệu của lần công bố",
            "run_id": "Mã lần chạy của tỉnh",
            "publication_id": "Mã lần công bố lên kho dùng chung",
            "published_at": "Thời điểm công bố",
            "plan_ids": "Các kế hoạch của tỉnh",
            "run_state": "Trạng thái cuối của lần chạy của tỉnh trong quy trình toàn quốc (Completed, Failed, "
            "Crashed, …); trống khi tổng hợp ngoài quy trình đó (motcua national rollup)",
            "days_behind": "Số ngày ngày chốt số liệu chậm hơn ngày chốt mới nhất trong các tỉnh",
        },
    ),
    "national_scorecard": TableDoc(
        "Bảng chỉ tiêu của mọi tỉnh, mỗi tỉnh theo kế hoạch của mình (plan_scorecard của từng tỉnh)",
        "cong_khai",
        {"province": PROVINCE, "plan_id": "Mã kế hoạch của tỉnh"},
    ),
    "national_metric_values": TableDoc(
        "Giá trị các chỉ số chung của mọi tỉnh và của toàn quốc (dòng tỉnh trống): toàn quốc = tổng tử số / "
        "tổng mẫu số của các tỉnh, không phải trung bình các tỷ lệ",
        "cong_khai",
        {"province": COUNTRY_PROVINCE},
    ),
    "national_metric_ranking": TableDoc(
        "Xếp hạng các tỉnh theo giá trị từng chỉ số chung, kỳ, cấp (1 = cao nhất; trống khi mẫu số bằng 0)",
        "cong_khai",
        {
            "province": PROVINCE,
            "name": "Tên tỉnh",
            "rank": "Thứ hạng theo giá trị (1 = cao nhất); trống khi không có giá trị",
            "provinces_ranked": "Số tỉnh có giá trị để xếp hạng",
            "as_of": "Ngày chốt số liệu của tỉnh",
        },
    ),
    "national_metric": TableDoc(
        "Các chỉ số của danh mục sql/metrics: chỉ số chung (cộng được thành toàn quốc) hay riêng từng tỉnh, và lý do",
        "cong_khai",
        {
            "metric_id": "Mã chỉ số",
            "unit": "ratio (tỷ lệ) hoặc count (số đếm)",
            "common": "Định nghĩa giống nhau ở mọi tỉnh: có dòng toàn quốc",
            "reason": "Lý do chỉ số không phải chỉ số chung",
        },
    ),
    "country_metric_values": TableDoc(
        "Dòng toàn quốc của các chỉ số chung: tổng tử số, tổng mẫu số của các tỉnh đã công bố",
        "cong_khai",
        {"provinces": "Số tỉnh được cộng"},
    ),
    "province_metric_values": TableDoc(
        "metric_values của mọi tỉnh đã công bố, nguyên như tỉnh công bố", "cong_khai", {"province": PROVINCE}
    ),
    "province_plan_scorecard": TableDoc(
        "plan_scorecard của mọi tỉnh đã công bố, nguyên như tỉnh công bố", "cong_khai", {"province": PROVINCE}
    ),
    "province_load_summary": TableDoc(
        "load_summary của mọi tỉnh đã công bố: số dòng vào, đã nạp, cách ly", "noi_bo", {"province": PROVINCE}
    ),
    "province_plan_info": TableDoc(
        "Kế hoạch của mọi tỉnh đã công bố (plan_info, không có đường dẫn tệp)", "cong_khai", {"province": PROVINCE}
    ),
    "national_run": TableDoc(
        "Lần tổng hợp toàn quốc: thời điểm, kho dùng chung, số tỉnh đã công bố, thiếu, lỗi",
        "cong_khai",
        {
            "built_at": "Thời điểm tổng hợp",
            "store": "Kho dùng chung đã đọc",
            "provinces_published": "Số tỉnh đã công bố",
            "provinces_missing": "Số tỉnh chưa công bố",
            "provinces_in_error": "Số tỉnh có lần công bố lỗi (không tổng hợp)",
        },
    ),
}


def document_national(con) -> None:
    """COMMENT ON every table and view of NATIONAL_DOCS, and on its documented columns."""

    def q(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    for name, doc in NATIONAL_DOCS.items():
        kind = "VIEW" if kinds.get(name) == "VIEW" else "TABLE"
        con.execute(f"COMMENT ON {kind} {name} IS {q(doc.comment)}")
        have = {r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()}
        for column, text in doc.columns.items():
            if column in have:
                con.execute(f'COMMENT ON COLUMN {name}."{column}" IS {q(text)}')
