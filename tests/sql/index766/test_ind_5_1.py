"""5.1 Tỷ lệ PAKN theo phân loại (display only; docs/index-766-indicators-3-5.md, "5.1")."""

from tests.sql.index766.worlds import TINH, fact, fact_counts


def test_received_pakn_by_class(rules):
    # In-scope PAKN received in May at TINH: K1, K2, K3, K6 (quy_dinh_tthc), K7 (hanh_vi_can_bo),
    # K8 (khac), K9 (empty) = 7; K10 is out of scope; K4 (June) and K5 (April) are not received in
    # May. Favourable = about regulations/TTHC: 4/7. The class is the fact's flag.
    assert fact_counts(rules, "ind_5_1", "2022-05", TINH) == (4, 7)
    assert fact(rules, "ind_5_1", "2022-05", "K7")["flags"] == ["phan_loai_hanh_vi_can_bo"]
    assert fact(rules, "ind_5_1", "2022-05", "K9")["flags"] == ["phan_loai_trong"]
    assert fact(rules, "ind_5_1", "2022-05", "K10") is None


def test_no_fact_without_the_class_column(absent):
    con, _ = absent
    assert con.execute("SELECT count(*) FROM ind_5_1").fetchone()[0] == 0
