"""A province that sends none of TAILIEUNOP, GIAYTOKETQUA, LEPHI, TTHC_DONVI and none of the new
QĐ 766 columns (absent_world): the indicators without input yield no facts and their required
columns make them thieu_du_lieu (metrics.md, "Required columns"; index-766.md §4.2); the others
are computed from what there is, flagged (docs/index-766-indicators-3-5.md, "Inputs and proxies")."""

import re

import yaml

from pipelines.settings import SQL_DIR

NO_INPUT = ("ind_3_tt", "ind_4_4", "ind_4_5a", "ind_4_5b", "ind_5_1")


def test_indicators_without_input_have_no_facts(absent):
    con, _ = absent
    for model in NO_INPUT:
        assert con.execute(f"SELECT count(*) FROM {model}").fetchone()[0] == 0, model


def test_coverage_rows_of_an_entity_never_sent(absent):
    # The 2 dossiers received in May (A1, A2 at TINH) are the records concerned by TAILIEUNOP
    # and GIAYTOKETQUA; no file of either was sent: both records lack the column, named by the
    # pseudo file "không có tệp …"
    con, _ = absent
    rows = con.execute(
        "SELECT entity, column_name, ten_tep, carried, so_ban_ghi, so_ban_ghi_vang_cot FROM column_coverage "
        "WHERE entity IN ('tailieunop', 'giaytoketqua') AND period = '2022-05' ORDER BY entity"
    ).fetchall()
    assert rows == [
        ("giaytoketqua", "dong_bo_kho_ca_nhan", "không có tệp GIAYTOKETQUA", False, 2, 2),
        ("tailieunop", "lay_tu_kho_dmqg", "không có tệp TAILIEUNOP", False, 2, 2),
    ]


def test_thieu_du_lieu_with_the_missing_columns_named(absent):
    con, _ = absent
    gaps = dict(
        con.execute(
            "SELECT metric_id, cot_thieu FROM metric_data_gaps WHERE period = '2022-05' AND level = 'toan_tinh'"
        ).fetchall()
    )
    assert gaps["qd766_4_4"] == ["giaytoketqua.dong_bo_kho_ca_nhan", "tailieunop.lay_tu_kho_dmqg"]
    assert gaps["qd766_4_5b"] == ["hoso.tai_khoan_vneid", "tailieunop.lay_tu_kho_dmqg"]
    assert gaps["qd766_4_5a"] == ["hoso.tai_khoan_vneid", "tailieunop.lay_tu_kho_dmqg", "tthc.doi_tuong_thuc_hien"]
    assert gaps["qd766_3_TT"] == ["tthc.du_dieu_kien_toan_trinh"]
    assert gaps["qd766_5_1"] == ["pakn.phan_loai"]
    # the computable ones have no gap (their proxies read columns the exports carry)
    for computed in ("qd766_3_3", "qd766_3_6", "qd766_4_2", "qd766_4_3", "qd766_5_4"):
        assert computed not in gaps, computed
    status = dict(
        con.execute(
            "SELECT indicator_id, status FROM index766_indicator WHERE period = '2022-05' AND level = 'toan_tinh' "
            "AND version = 'qd766-2022'"
        ).fetchall()
    )
    for indicator in ("4.4", "4.5a", "4.5b", "5.1"):
        assert status[indicator] == "thieu_du_lieu", indicator
    for indicator in ("3.3", "4.2", "4.3", "5.4"):
        assert status[indicator] == "tinh_diem", indicator
    reason = con.execute(
        "SELECT ly_do_khong_co_du_lieu FROM metric_data_gaps WHERE metric_id = 'qd766_4_4' AND period = '2022-05' "
        "AND level = 'toan_tinh'"
    ).fetchone()[0]
    assert "Lấy từ kho DMQG (tệp: không có tệp TAILIEUNOP)" in reason
    # the files of a gap in one order, whatever order the threads gathered them in (the list
    # used to come out in either order, so two builds of the same data differed: test_kills)
    files = con.execute(
        "SELECT tep_thieu FROM metric_data_gaps WHERE metric_id = 'qd766_4_4' AND period = '2022-05' "
        "AND level = 'toan_tinh'"
    ).fetchone()[0]
    assert files == ["không có tệp GIAYTOKETQUA", "không có tệp TAILIEUNOP"]


def test_every_required_column_is_measured_by_column_coverage():
    # as tests/sql/core/test_required_columns.py for the metrics: a declared column that
    # column_coverage does not count would never be found missing
    sql = (SQL_DIR / "core" / "column_coverage" / "query.sql").read_text(encoding="utf-8")
    ctes = dict(re.findall(r"\n(\w+)_counts AS \((.*?)\n\),", sql, flags=re.S))
    for meta in sorted(SQL_DIR.glob("index766/ind_*/metadata.yaml")):
        md = yaml.safe_load(meta.read_text(encoding="utf-8"))
        for ref in md.get("required_columns") or []:
            entity, _, column = ref.partition(".")
            assert f"'column_name': '{column}'" in ctes.get(entity, ""), (md["indicator_id"], ref)
