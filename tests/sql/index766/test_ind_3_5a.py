"""3.5a Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến trên Cổng DVCQG
(docs/index-766-indicators-3-5.md, "3.5a")."""

from tests.sql.index766.worlds import TINH, S, fact, fact_counts, t

F_CASH = "2.000303"


def test_example_b(example_b):
    # d = 12 fee TTHC applied at S (T25-T36); n = those with a synced dossier received in Q2 with
    # a fee > 0: T25-T33 = 9 (T33 through its LEPHI rows, phi_le_phi empty); T34-T36 have only
    # dossiers whose fees are all 0 -> 9/12 = 0.75
    assert fact_counts(example_b, "ind_3_5a", "2022-Q2", S) == (9, 12)
    assert fact(example_b, "ind_3_5a", "2022-Q2", t(33))["is_favourable"] is True
    assert fact(example_b, "ind_3_5a", "2022-Q2", t(34))["is_favourable"] is False
    # a procedure without financial obligation is not in d
    assert fact(example_b, "ind_3_5a", "2022-Q2", t(1)) is None


def test_an_unsynced_fee_dossier_does_not_count(absent):
    # X1 (fee TTHC at level tinh; no TTHC_DONVI: the catalogue's set, flag fallback): A1 synced
    # with a fee -> favourable (A2, not synced, alone would not do); the sync is read from
    # da_dong_bo_dvcqg (no sync date column): flag as_of_D
    con, _ = absent
    row = fact(con, "ind_3_5a", "2022-05", "1.000901")
    assert (row["is_favourable"], row["flags"]) == (True, ["fallback", "as_of_D"])


def test_the_fee_procedures_are_those_of_the_catalogue_at_e(rules):
    # [DOC] reads the current catalogue; motcua the catalogue of P (newest snapshot <= E), so that a
    # replay gives the same figure. F_ONLINE, F_FAILED, F_CASH have a financial obligation in the
    # snapshot of 10/01; the snapshot of 10/06 drops F_CASH's. May (E 31/05): d = 3; June and Q2
    # (E 30/06): d = 2. Their May dossiers P1-P3 all carry a fee but none is synced -> n = 0.
    assert fact_counts(rules, "ind_3_5a", "2022-05", TINH) == (0, 3)
    assert fact_counts(rules, "ind_3_5a", "2022-06", TINH) == (0, 2)
    assert fact_counts(rules, "ind_3_5a", "2022-Q2", TINH) == (0, 2)
    assert fact(rules, "ind_3_5a", "2022-Q2", F_CASH) is None
