"""The roll-up told how each province's run of the national flow ended (`runs`): the state in
`national_provinces.run_state`, and the run's message first in `reason` when it did not complete
(docs/national.md, "Chạy nhiều tỉnh trên nhiều máy")."""

from __future__ import annotations

from datetime import date

from pipelines.national.publish import publish_province
from pipelines.national.rollup import rollup
from pipelines.national.store import open_store
from pipelines.settings import connect, data_paths

from .helpers import curated_db

OT = "on_time_resolution_rate"


def test_each_run_state_is_said_and_an_older_publication_is_marked_as_such(tmp_path, folder_store):
    store = open_store(folder_store)
    # 42 published tonight; 44 published on an earlier night (as of 15/06), tonight's run failed;
    # 46 never published and tonight's run crashed
    for code, as_of in (("42", date(2022, 6, 30)), ("44", date(2022, 6, 15))):
        db = curated_db(
            tmp_path / f"p{code}" / "motcua.duckdb", code, [(OT, "2022", "toan_tinh", None, 1.0, 2.0)], as_of
        )
        publish_province(db, store)
    runs = {
        "42": {"type": "COMPLETED", "state": "Completed", "message": None, "flow_run": "tinh-42"},
        "44": {"type": "FAILED", "state": "Failed", "message": "tỉnh 44: Lỗi, không công bố: x", "flow_run": "tinh-44"},
        "46": {"type": "CRASHED", "state": "Crashed", "message": "mất tín hiệu", "flow_run": "tinh-46"},
    }
    paths = data_paths(tmp_path / "national")
    done = rollup(store, paths, expected=["42", "44", "46"], runs=runs)

    con = connect(paths.national_db, read_only=True)
    try:
        rows = con.execute(
            "SELECT province, status, run_state, reason FROM national_provinces ORDER BY province"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("42", "da_cong_bo", "Completed", None),
        # the older publication is still rolled up (it is what 44 has), and said to be the previous one
        (
            "44",
            "da_cong_bo",
            "Failed",
            "lần chạy tinh-44 thất bại (Failed): tỉnh 44: Lỗi, không công bố: x; "
            "bản tổng hợp dùng lần công bố trước (số liệu đến 2022-06-15)",
        ),
        # the run's reason, then the store's
        (
            "46",
            "chua_cong_bo",
            "Crashed",
            "lần chạy tinh-46 đổ vỡ: tiến trình chạy hoặc máy dừng đột ngột (Crashed): mất tín hiệu; "
            "không có province=46/published.json trong kho dùng chung",
        ),
    ]
    assert [p["run_state"] for p in done["provinces"]] == ["Completed", "Failed", "Crashed"]


def test_without_runs_the_column_is_empty_and_reasons_unchanged(tmp_path, folder_store):
    paths = data_paths(tmp_path / "national")
    rollup(open_store(folder_store), paths, expected=["42"])
    con = connect(paths.national_db, read_only=True)
    try:
        assert con.execute("SELECT province, run_state, reason FROM national_provinces").fetchall() == [
            ("42", None, "không có province=42/published.json trong kho dùng chung")
        ]
    finally:
        con.close()
