"""4.3 Tỷ lệ hồ sơ khai thác, sử dụng lại thông tin, dữ liệu số hóa
(docs/index-766-indicators-3-5.md, "4.3")."""

from tests.sql.index766.worlds import XA, fact, fact_counts


def test_example_a(example_a):
    # 40 received in March (a-f); a01-a26 have co_thanh_phan_so_hoa = 1 -> 26/40 = 0.65
    # (points 2 × 0.65 / 0.8 = 1.625 and k = ceil(0.8 × 40 − 26) = 6 are the framework's)
    assert fact_counts(example_a, "ind_4_3", "2022-03", XA) == (26, 40)
    # g and h were received in February: not in March's population
    assert fact(example_a, "ind_4_3", "2022-03", "g1") is None
    assert fact(example_a, "ind_4_3", "2022-02", "g1") is not None


def test_quarter_is_its_own_population(example_a):
    # Q1 = every dossier received January-March at X: 40 + g1-g4 + h1 = 45, 26 digitised
    assert fact_counts(example_a, "ind_4_3", "2022-Q1", XA) == (26, 45)
