"""electronic_circulation_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

import shutil
from datetime import date

from pipelines.flows import steps
from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import parse_pending
from pipelines.settings import Paths, connect
from tests.sql.core import file_worlds as fw
from tests.sql.records import HATINH_PLAN
from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, build_from_records, facts, hoso, step


def test_electronic_circulation(circulation):
    con, _ = circulation
    # den: E1, E2, E6, E7 (received in March, with a transfer); num: E2, E6, E7 → 3/4
    assert mv(con, "electronic_circulation_rate", "2022-03") == (3.0, 4.0, 0.75)
    got = {f["unit_id"]: f["num"] for f in facts(con, "electronic_circulation_rate", "2022-03")}
    assert got == {"E1": 0.0, "E2": 1.0, "E6": 1.0, "E7": 1.0}
    assert con.execute(
        "SELECT has_transfer, all_transfers_electronic FROM fct_dossier WHERE ma_ho_so='E3'"
    ).fetchone() == (False, None)


# ---------------------------------------------------------------- required columns (issue 13)
# metrics.md, "Required columns: no value without its data": P2.1 (electronic_circulation_rate,
# threshold 70%, scope tinh/huyen/xa) needs tientrinh.hinh_thuc_chuyen, don_vi_gui, don_vi_nhan,
# noi_dung. Worlds written as files and read by the real readers (tests/sql/core/file_worlds.py):
# 5 dossiers received 10/03/2022 at the tinh agency, each with step 1 "Tiếp nhận hồ sơ" and
# step 2 "Chuyển xử lý" tinh -> huyen (a transfer step). As of 31/03/2022.

P21_REASON = (
    "Dữ liệu không có cột Hình thức chuyển (tệp: tientrinh_2022-03-10.csv): "
    "chưa tính được tỷ lệ hồ sơ luân chuyển bằng phương thức điện tử"
)


def test_p21_transfer_form_column_removed_has_no_value(tmp_path):
    # The step export has no "Hình thức chuyển" column at all. Before issue 13 the reader filled
    # the absent column with "Điện tử": 5/5 = 100% >= 70% -> "dat". Now the column is absent
    # from the only file that delivered the 10 steps concerned (100% > 20%): no numerator,
    # denominator or value, status khong_co_du_lieu, and the reason names the column and file.
    inbox = tmp_path / "inbox"
    fw.write_base(inbox, 5)
    header = [h for h in fw.STEP_HEADER if h != "Hình thức chuyển"]
    fw.write_steps(inbox, "tientrinh_2022-03-10.csv", fw.step_rows(range(1, 6)), header)
    con, result = fw.build_inbox(tmp_path / "data", inbox)
    try:
        row = fw.scorecard_row(con, "P2.1", "2022-03")
        assert row == {
            "numerator": None,
            "denominator": None,
            "value": None,
            "status": "khong_co_du_lieu",
            "ly_do_khong_co_du_lieu": P21_REASON,
        }
        # the same at the tinh level and in metric_values, for the month, quarter and year
        for period in ("2022-03", "2022-Q1", "2022"):
            assert fw.scorecard_row(con, "P2.1", period, "tinh")["status"] == "khong_co_du_lieu"
            got = con.execute(
                "SELECT numerator, denominator, value, ly_do_khong_co_du_lieu FROM metric_values "
                "WHERE metric_id = 'electronic_circulation_rate' AND period = ? AND level = 'toan_tinh'",
                [period],
            ).fetchone()
            assert got == (None, None, None, P21_REASON)
        # no default stood in: the steps' form is unknown (NULL), not electronic
        assert con.execute("SELECT count(*), count(is_electronic) FROM fct_dossier_step").fetchone() == (10, 0)
        # the warn check lists the metric, the column and the file
        warn = [c for c in result.checks if c["name"] == "required_column_missing_in_files"][0]
        listed = {(s["metric_id"], s["cot"], s["ten_tep"]) for s in warn["sample"]}
        assert ("electronic_circulation_rate", "tientrinh.hinh_thuc_chuyen", "tientrinh_2022-03-10.csv") in listed
    finally:
        con.close()


def test_p21_control_with_the_column_is_computed(tmp_path):
    # The same world with the column: 4 electronic transfers and 1 on paper -> 4/5 = 0.8 >= 0.70
    # -> dat, no reason (what the test above would show if the rule were not applied).
    inbox = tmp_path / "inbox"
    fw.write_base(inbox, 5)
    rows = fw.step_rows(range(1, 5)) + fw.step_rows(range(5, 6), form="Giấy")
    fw.write_steps(inbox, "tientrinh_2022-03-10.csv", rows)
    con, _ = fw.build_inbox(tmp_path / "data", inbox)
    try:
        row = fw.scorecard_row(con, "P2.1", "2022-03")
        assert row == {
            "numerator": 4.0,
            "denominator": 5.0,
            "value": 0.8,
            "status": "dat",
            "ly_do_khong_co_du_lieu": None,
        }
    finally:
        con.close()


def test_p21_json_dvcqg_keys_only_has_no_value(tmp_path):
    # A province that delivers its steps as DVCQG JSON only: MaHoSo, ThoiDiemXuLy, TrangThai,
    # NoiDungXuLy, PhongBanXuLy (receiver). The DVCQG payload has neither the sender (Đơn vị
    # chuyển) nor the transfer form (Hình thức chuyển): both absent from every file of the steps
    # concerned -> khong_co_du_lieu, the reason naming both columns (sorted by column name:
    # don_vi_gui before hinh_thuc_chuyen). No step can even be seen as a transfer.
    inbox = tmp_path / "inbox"
    fw.write_base(inbox, 5)
    steps = [
        {
            "MaHoSo": fw.dossier_code(i),
            "ThoiDiemXuLy": "20220310100000",
            "TrangThai": 4,
            "NoiDungXuLy": "Chuyển xử lý",
            "PhongBanXuLy": fw.HUYEN,
        }
        for i in range(1, 6)
    ]
    fw.write_steps_json(inbox, "tientrinh_2022-03-10.json", steps)
    con, _ = fw.build_inbox(tmp_path / "data", inbox)
    try:
        row = fw.scorecard_row(con, "P2.1", "2022-03")
        assert (row["numerator"], row["denominator"], row["status"]) == (None, None, "khong_co_du_lieu")
        assert row["ly_do_khong_co_du_lieu"] == (
            "Dữ liệu không có cột Đơn vị chuyển (tệp: tientrinh_2022-03-10.json); "
            "Dữ liệu không có cột Hình thức chuyển (tệp: tientrinh_2022-03-10.json): "
            "chưa tính được tỷ lệ hồ sơ luân chuyển bằng phương thức điện tử"
        )
    finally:
        con.close()


def test_p21_one_file_of_ten_without_the_column(tmp_path):
    # Two step files: dossiers 1-9 in a file with "Hình thức chuyển" (all Điện tử), dossier 10
    # in a file without it. Steps concerned: 20, of which 2 come from the file without the
    # column: 10% <= 20% -> a value. Dossier 10's transfer has no known form: no default stands
    # in, so it is not counted electronic, and it stays in the denominator: 9/10 = 0.9 -> dat.
    inbox = tmp_path / "inbox"
    fw.write_base(inbox, 10)
    fw.write_steps(inbox, "tientrinh_a.csv", fw.step_rows(range(1, 10)))
    header = [h for h in fw.STEP_HEADER if h != "Hình thức chuyển"]
    fw.write_steps(inbox, "tientrinh_b.csv", fw.step_rows(range(10, 11)), header)
    con, _ = fw.build_inbox(tmp_path / "data", inbox)
    try:
        row = fw.scorecard_row(con, "P2.1", "2022-03")
        assert (row["numerator"], row["denominator"], row["status"]) == (9.0, 10.0, "dat")
        assert row["ly_do_khong_co_du_lieu"] is None
        unknown = con.execute(
            "SELECT ma_ho_so FROM fct_dossier WHERE has_transfer AND all_transfers_electronic IS NULL"
        ).fetchall()
        assert unknown == [(fw.dossier_code(10),)]
    finally:
        con.close()


def test_empty_transfer_form_is_electronic_by_the_source_rule(tmp_path):
    # The column is carried but 3 of the 10 transfer steps leave it empty (30%): exports.md,
    # TIENTRINH, "hinh_thuc_chuyen … (empty = Điện tử)" is the source system's rule for an empty
    # cell of a column the export carries, so the cells are values, not missing data (reading of
    # metrics.md, "Required columns": the 20% share counts absent columns and empty cells without
    # such a rule). Steps: 6 Điện tử, 1 Giấy, 3 empty (= Điện tử) -> 9/10 = 0.9, no reason.
    def transfer(i: int, form: str | None) -> dict:
        return step(
            f"F{i}", 2, "chuyen_xu_ly", "2022-03-06 08:00", don_vi_gui=TINH, don_vi_nhan=HUYEN, hinh_thuc_chuyen=form
        )

    forms = ["dien_tu"] * 6 + ["giay"] + [None] * 3
    con = build_from_records(
        tmp_path,
        {
            "donvi": AGENCIES,
            "hoso": [hoso(f"F{i}", "2022-03-05 08:00", 4) for i in range(10)],
            "tientrinh": [transfer(i, f) for i, f in enumerate(forms)],
        },
        as_of=date(2022, 6, 30),
    )
    try:
        got = con.execute(
            "SELECT numerator, denominator, ly_do_khong_co_du_lieu FROM metric_values "
            "WHERE metric_id = 'electronic_circulation_rate' AND period = '2022-03' AND level = 'toan_tinh'"
        ).fetchone()
        assert got == (9.0, 10.0, None)
        # the coverage still counts the 3 empty cells
        assert con.execute(
            "SELECT sum(so_ban_ghi), sum(so_ban_ghi_o_trong), sum(so_ban_ghi_vang_cot) FROM column_coverage "
            "WHERE column_name = 'hinh_thuc_chuyen' AND period = '2022-03'"
        ).fetchone() == (10, 3, 0)
    finally:
        con.close()


def test_p21_increment_with_a_file_without_the_column_equals_a_full_build(tmp_path):
    # Night 1: 5 dossiers and their steps with "Hình thức chuyển" (all Điện tử), built whole and
    # published. Night 2: 5 more dossiers (the dossier file re-sent with 10) and their steps in a
    # file WITHOUT the column, built as an increment. Steps concerned in March: 20, 10 of them
    # from the file without the column: 50% > 20% -> P2.1 khong_co_du_lieu, the reason naming
    # night 2's file. The increment must give the tables a full build of the same files gives
    # (file_columns, fct_dossier_step.is_electronic, column_coverage, metric_data_gaps…).
    from tests.warehouse.test_incremental import assert_same_warehouse

    inbox = tmp_path / "inbox"
    fw.write_base(inbox, 5)
    fw.write_steps(inbox, "tientrinh_n1.csv", fw.step_rows(range(1, 6)))
    paths = Paths(tmp_path / "data")
    paths.ensure()
    land_inbox(inbox, paths)
    parse_pending(paths)
    first = steps.build(paths, date(2022, 3, 31), "n1", plan_paths=[HATINH_PLAN], full=True)
    steps.publish(first.db_path, paths)

    night2 = tmp_path / "inbox2"
    night2.mkdir()
    fw.write_csv(night2 / "hoso_n2.csv", fw.HOSO_HEADER, fw.hoso_rows(10))
    header = [h for h in fw.STEP_HEADER if h != "Hình thức chuyển"]
    fw.write_steps(night2, "tientrinh_n2.csv", fw.step_rows(range(6, 11)), header)
    land_inbox(night2, paths)
    parse_pending(paths)
    inc = steps.build(paths, date(2022, 3, 31), "n2", plan_paths=[HATINH_PLAN])
    assert inc.mode == "increment", inc.mode_reason
    inc_copy = tmp_path / "increment.duckdb"
    shutil.copyfile(inc.db_path, inc_copy)
    full = steps.build(paths, date(2022, 3, 31), "full", plan_paths=[HATINH_PLAN], full=True)
    assert_same_warehouse(inc_copy, full.db_path)
    con = connect(inc_copy, read_only=True)
    try:
        row = fw.scorecard_row(con, "P2.1", "2022-03")
        assert (row["numerator"], row["status"]) == (None, "khong_co_du_lieu")
        assert row["ly_do_khong_co_du_lieu"].startswith(
            "Cột Hình thức chuyển vắng hoặc trống ở 50,0% bản ghi (quá 20%) (tệp: tientrinh_n2.csv)"
        )
    finally:
        con.close()
