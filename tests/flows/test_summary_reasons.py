"""The run summary shows why a target has no value when a required column is missing
(metrics.md, "Required columns: no value without its data")."""

from __future__ import annotations

from pipelines.flows.summary import status_text, to_markdown

REASON = (
    "Dữ liệu không có cột Hình thức chuyển (tệp: tt.json): "
    "chưa tính được tỷ lệ hồ sơ luân chuyển bằng phương thức điện tử"
)


def test_status_with_its_reason():
    # khong_co_du_lieu with a reason -> "Không có dữ liệu: <reason>"; without one (a zero
    # denominator), or a NaN from a DataFrame, the status alone
    assert (
        status_text({"status": "khong_co_du_lieu", "ly_do_khong_co_du_lieu": REASON}) == f"Không có dữ liệu: {REASON}"
    )
    assert status_text({"status": "khong_co_du_lieu", "ly_do_khong_co_du_lieu": None}) == "Không có dữ liệu"
    assert status_text({"status": "dat", "ly_do_khong_co_du_lieu": float("nan")}) == "Đạt"


def test_reason_in_the_markdown_scorecard():
    row = {
        "target_id": "P2.1",
        "level": "toan_tinh",
        "group_key": None,
        "value": None,
        "threshold": 0.7,
        "status": "khong_co_du_lieu",
        "numerator": None,
        "denominator": None,
        "kind": "ratio",
        "ly_do_khong_co_du_lieu": REASON,
    }
    md = to_markdown({"run_id": "r1", "status_vi": "Đã công bố", "scorecard": [row]})
    assert f"| Không có dữ liệu: {REASON} |" in md
