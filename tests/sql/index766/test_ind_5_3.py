"""5.3 Tỷ lệ hài lòng trong xử lý PAKN (docs/index-766-indicators-3-5.md, "5.3")."""

from tests.sql.index766.worlds import TINH, fact, fact_counts


def test_may(rules):
    # In-scope PAKN received in May at TINH: K1, K2, K3, K6, K7, K8, K9 = 7 (each once).
    # Unfavourable: K2, K3, K6 overdue by 5.2; K7 more dislikes (3) than likes (1); K8 re-raised
    # by K9 (received 20/05 <= E). K9 is a record of its own, on time at 31/05 -> favourable.
    # -> n = K1, K9 = 2
    assert fact_counts(rules, "ind_5_3", "2022-05", TINH) == (2, 7)
    assert fact(rules, "ind_5_3", "2022-05", "K7")["is_favourable"] is False
    assert fact(rules, "ind_5_3", "2022-05", "K8")["is_favourable"] is False
    assert fact(rules, "ind_5_3", "2022-05", "K9")["is_favourable"] is True


def test_quarter_is_judged_at_its_own_end(rules):
    # Q2 (E = 30/06): received April-June in scope = K1-K9 = 9; K9 is now overdue (28 working
    # days in progress), K5 overdue; favourable K1, K4 -> 2/9
    assert fact_counts(rules, "ind_5_3", "2022-Q2", TINH) == (2, 9)


def test_proxy_without_likes_or_original(absent):
    con, _ = absent
    row = fact(con, "ind_5_3", "2022-05", "AK1")
    assert (row["is_favourable"], row["flags"]) == (True, ["proxy"])
