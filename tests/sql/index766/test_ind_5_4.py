"""5.4 Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (docs/index-766-indicators-3-5.md, "5.4";
§8 A9, A10)."""

from tests.sql.index766.worlds import XA, fact, fact_counts


def test_example_a_union(example_a):
    # Population = the 45 dossiers of 2.1 (a-h). Unfavourable = the union of: overdue {b1, b2, b3,
    # d1, f1, h1} (6); rated 1-2 by E: a01, a02, b1 (b1 already overdue); a PAKN about g1 ->
    # |union| = 6 + 2 + 1 = 9, n = 36, r = 0.8 (A9: the literal "100% − (6/45 + 4/45)" would
    # give 0.778 by counting b1 twice)
    assert fact_counts(example_a, "ind_5_4", "2022-03", XA) == (36, 45)
    unfavourable = {
        r[0]
        for r in example_a.execute(
            "SELECT record_key FROM ind_5_4 WHERE period_id = '2022-03' AND NOT is_favourable"
        ).fetchall()
    }
    assert unfavourable == {"b1", "b2", "b3", "d1", "f1", "h1", "a01", "a02", "g1"}


def test_neutral_and_late_ratings_are_not_dislikes(example_a):
    # A10: a03 rated 3 ("Bình thường") is neutral; a04 rated 1 on 02/04, after E = 31/03
    assert fact(example_a, "ind_5_4", "2022-03", "a03")["is_favourable"] is True
    assert fact(example_a, "ind_5_4", "2022-03", "a04")["is_favourable"] is True
    # the PAKN link is exported: no proxy flag
    assert fact(example_a, "ind_5_4", "2022-03", "a03")["flags"] == []


def test_proxy_without_the_pakn_link(absent):
    con, _ = absent
    assert fact(con, "ind_5_4", "2022-05", "A1")["flags"] == ["proxy"]
