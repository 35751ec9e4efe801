"""4.4 Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng
(docs/index-766-indicators-3-5.md, "4.4")."""

from tests.sql.index766.worlds import TINH, fact, fact_counts


def test_national_store_files_and_personal_store_results(rules):
    # Received in May at TINH: 13. R1 has a TAILIEUNOP row from the national store
    # (lay_tu_kho_dmqg), R7 a GIAYTOKETQUA row synced to the personal store -> 2/13
    assert fact_counts(rules, "ind_4_4", "2022-05", TINH) == (2, 13)
    assert fact(rules, "ind_4_4", "2022-05", "R1")["is_favourable"] is True
    assert fact(rules, "ind_4_4", "2022-05", "R7")["is_favourable"] is True


def test_no_fact_without_its_inputs(absent):
    # neither TAILIEUNOP nor GIAYTOKETQUA delivered: no fact at all (thieu_du_lieu through the
    # required columns, test_absent_inputs.py)
    con, _ = absent
    assert con.execute("SELECT count(*) FROM ind_4_4").fetchone()[0] == 0
