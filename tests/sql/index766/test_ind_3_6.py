"""3.6 Tỷ lệ hồ sơ thanh toán trực tuyến (docs/index-766-indicators-3-5.md, "3.6")."""

from tests.sql.index766.worlds import S, fact, fact_counts


def test_example_b(example_b):
    # 300 dossiers of fee TTHC received in Q2; 20 with all fees 0 are out of d: T34's 7 (every
    # LEPHI row 0), T35's 7 (phi_le_phi 0, no LEPHI), T36's 6 (phi_le_phi empty: "0 or empty =
    # no fee", exports.md) -> d = 280; 70 paid online -> 70/280 = 0.25
    assert fact_counts(example_b, "ind_3_6", "2022-Q2", S) == (70, 280)
    # the 300 are facts; the 20 are marked out of d
    n_facts = example_b.execute("SELECT count(*) FROM ind_3_6 WHERE period_id = '2022-Q2'").fetchone()[0]
    assert n_facts == 300
    # T33's dossiers: phi_le_phi empty but a LEPHI row of 20 000 -> in d
    t33 = example_b.execute(
        "SELECT bool_and(f.in_denominator) FROM ind_3_6 AS f JOIN fct_dossier AS d ON f.record_key = d.ma_ho_so "
        "WHERE f.period_id = '2022-Q2' AND d.ma_tthc = '1.000033'"
    ).fetchone()[0]
    assert t33 is True


def test_months_are_their_own_populations(example_b):
    # each month counts the dossiers received in it: the three months add up to the quarter
    months = [fact_counts(example_b, "ind_3_6", p, S) for p in ("2022-04", "2022-05", "2022-06")]
    assert tuple(map(sum, zip(*months))) == (70, 280)


def test_without_lephi_the_dossier_fee_decides(absent):
    # A1 and A2 (X1, a fee TTHC) carry phi_le_phi 10 000 and no LEPHI: both in d; A1 paid online
    con, _ = absent
    assert fact_counts(con, "ind_3_6", "2022-05") == (1, 2)
    assert fact(con, "ind_3_6", "2022-05", "A1")["is_favourable"] is True
