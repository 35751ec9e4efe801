"""3.1 Tỷ lệ TTHC cung cấp DVCTT (docs/index-766-indicators-3-5.md, "3.1")."""

from tests.sql.index766.worlds import HUYEN, S, fact, fact_counts, t


def test_example_b(example_b):
    # 50 TTHC applied at S (T01-T50), 36 at level 3 or 4 (T01-T36): r = 0.72. T51 is applied at S
    # but "Dừng công khai": not counted (else d would be 51 and n 37).
    assert fact_counts(example_b, "ind_3_1", "2022-Q2", S) == (36, 50)
    assert fact(example_b, "ind_3_1", "2022-Q2", t(51)) is None
    # T01 is also applied at HUYEN, a unit of its own: 1/1 there, not in S's 50
    assert fact_counts(example_b, "ind_3_1", "2022-Q2", HUYEN) == (1, 1)
    # the services come from TTHC_DONVI: no fallback flag
    assert fact(example_b, "ind_3_1", "2022-Q2", t(37))["flags"] == []


def test_without_tthc_donvi_the_catalogue_level_is_shared_by_the_level(absent):
    # §8 A18 / §2 "Procedure sets": no TTHC_DONVI -> the catalogue procedures of the unit's level
    # (X1, level tinh, muc_do 3) for every tinh unit, flagged fallback: 1/1
    con, _ = absent
    row = fact(con, "ind_3_1", "2022-05", "1.000901")
    assert (row["is_favourable"], row["flags"]) == (True, ["fallback"])
