"""3.2 Tỷ lệ DVCTT có phát sinh hồ sơ (docs/index-766-indicators-3-5.md, "3.2"; §8 A18)."""

from tests.sql.index766.worlds import HUYEN, TINH, S, fact, fact_counts, t

Q_NO_RESULT = "2.000202"


def test_example_b(example_b):
    # online services of S = pairs (T01-T36, S): 36; T01-T20 have online dossiers in Q2 -> 20/36
    assert fact_counts(example_b, "ind_3_2", "2022-Q2", S) == (20, 36)
    # T25-T33 have only direct dossiers: an online service without online dossiers
    assert fact(example_b, "ind_3_2", "2022-Q2", f"{t(25)}|{S}")["is_favourable"] is False
    assert fact(example_b, "ind_3_2", "2022-Q2", f"{t(1)}|{S}")["is_favourable"] is True


def test_a_service_pair_counts_the_dossiers_of_its_applying_unit(rules):
    # Q_NO_RESULT is applied at TINH (level 3) and at HUYEN (level 4, "Đang kiểm thử": still an
    # online service). Its online dossiers in May: S1 at TINH, H1 executed by HUYEN -> each pair
    # favourable in its own unit; the record key names the applying unit (A18)
    assert fact_counts(rules, "ind_3_2", "2022-05", HUYEN) == (1, 1)
    assert fact(rules, "ind_3_2", "2022-05", f"{Q_NO_RESULT}|{HUYEN}")["is_favourable"] is True
    assert fact(rules, "ind_3_2", "2022-05", f"{Q_NO_RESULT}|{TINH}")["is_favourable"] is True
    # TINH's 8 services, only Q_NO_RESULT has an online dossier
    assert fact_counts(rules, "ind_3_2", "2022-05", TINH) == (1, 8)


def test_fallback_without_tthc_donvi_pairs_are_distinct_procedures(absent):
    # A18: no TTHC_DONVI -> the pair is (TTHC, unit) for the catalogue procedures of level >= 3:
    # X1 at TINH, with the online dossier A1 in May -> 1/1, flagged fallback
    con, _ = absent
    row = fact(con, "ind_3_2", "2022-05", f"1.000901|{TINH}")
    assert (row["in_denominator"], row["is_favourable"], row["flags"]) == (True, True, ["fallback"])
