"""3.5b Tỷ lệ TTHC có giao dịch thanh toán trực tuyến (docs/index-766-indicators-3-5.md, "3.5b")."""

from tests.sql.index766.worlds import TINH, S, fact, fact_counts, t

F_ONLINE, F_FAILED, F_CASH = "2.000301", "2.000302", "2.000303"


def test_example_b(example_b):
    # d = the 12 fee TTHC of 3.5a; n = T25-T29, each with 14 dossiers paid online -> 5/12
    assert fact_counts(example_b, "ind_3_5b", "2022-Q2", S) == (5, 12)
    assert fact(example_b, "ind_3_5b", "2022-Q2", t(29))["is_favourable"] is True
    assert fact(example_b, "ind_3_5b", "2022-Q2", t(30))["is_favourable"] is False


def test_a_successful_online_transaction_counts(rules):
    # P1 (F_ONLINE) says thanh_toan_truc_tuyen 0 but has a successful THANHTOAN of form 1 on
    # 03/05 -> favourable; P2 (F_FAILED) a failed form-2 payment, P3 (F_CASH) a successful cash
    # payment -> not favourable. 1/3 at TINH in May.
    assert fact_counts(rules, "ind_3_5b", "2022-05", TINH) == (1, 3)
    assert fact(rules, "ind_3_5b", "2022-05", F_ONLINE)["is_favourable"] is True
    assert fact(rules, "ind_3_5b", "2022-05", F_FAILED)["is_favourable"] is False
    assert fact(rules, "ind_3_5b", "2022-05", F_CASH)["is_favourable"] is False
