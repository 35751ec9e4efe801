"""5.2 Tiến độ xử lý PAKN (docs/index-766-indicators-3-5.md, "5.2")."""

from tests.sql.index766.worlds import TINH, fact, fact_counts


def favourable(con, period):
    rows = con.execute(
        "SELECT record_key, is_favourable FROM ind_5_2 WHERE period_id = ? ORDER BY record_key", [period]
    ).fetchall()
    return dict(rows)


def test_may(rules):
    # Handled in May or in progress at E = 31/05 (start = received, none transferred):
    #   K1 result 13/05, 4 working days after 09/05 (<= 15) -> on time
    #   K2 refused 13/05: 4 working days > 2 -> late
    #   K3 result 20/05 (9 days) but more information asked 19/05, 8 working days > 5 -> late
    #   K5 in progress since 04/04: 31/05 is past 15 working days -> late
    #   K6 result 13/05 on time, published 24/05: 7 working days after the result > 2 -> late
    #   K7, K8 results 13/05 -> on time (dislikes and re-raising are 5.3's)
    #   K9 received 20/05, in progress at 31/05: 7 working days -> on time
    # K4 (received 27/06) is not known at E(May); K10 is out of scope. -> 4/8
    assert favourable(rules, "2022-05") == {
        "K1": True, "K2": False, "K3": False, "K5": False, "K6": False, "K7": True, "K8": True, "K9": True,
    }  # fmt: skip
    assert fact_counts(rules, "ind_5_2", "2022-05", TINH) == (4, 8)


def test_june_judges_what_is_still_open_at_its_own_end(rules):
    # June: nothing handled; in progress at 30/06: K4 (3 working days -> on time), K5 (late), K9
    # (received 20/05: 28 working days -> late, although on time at the end of May) -> 1/3
    assert favourable(rules, "2022-06") == {"K4": True, "K5": False, "K9": False}


def test_every_rule_known_no_proxy(rules):
    assert fact(rules, "ind_5_2", "2022-05", "K1")["flags"] == []


def test_proxy_without_the_new_columns(absent):
    # AK1 transferred 10/05, handled 13/05 -> on time; the request/publication rules cannot be
    # checked without their columns: flag proxy
    con, _ = absent
    row = fact(con, "ind_5_2", "2022-05", "AK1")
    assert (row["is_favourable"], row["flags"]) == (True, ["proxy"])
