"""The run summary lists the warnings of loaded files (formula cells, suspected VNI/TCVN3 text)."""

from __future__ import annotations

from pipelines.flows.summary import to_markdown


def test_file_notes_are_in_the_markdown_summary():
    notes = [
        {"original_name": "hs.xlsx", "file_id": "a", "note": "tệp hs.xlsx: 4 ô công thức, đã đọc giá trị đã tính"},
        {"original_name": "hs.csv", "file_id": "b", "note": "tệp hs.csv: có thể sai bảng mã (VNI/TCVN3), 3 ô nghi ngờ"},
    ]
    md = to_markdown({"run_id": "r1", "status_vi": "Đã công bố", "file_notes": notes})
    assert "### Cảnh báo về tệp (dòng vẫn được nạp)" in md
    assert "- tệp hs.xlsx: 4 ô công thức, đã đọc giá trị đã tính" in md
    assert "- tệp hs.csv: có thể sai bảng mã (VNI/TCVN3), 3 ô nghi ngờ" in md
    assert "Cảnh báo về tệp" not in to_markdown({"run_id": "r1", "status_vi": "Đã công bố"})
