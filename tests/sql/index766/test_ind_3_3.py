"""3.3 Tỷ lệ hồ sơ TTHC theo hình thức nộp trực tuyến (docs/index-766-indicators-3-5.md, "3.3").
The multiplier r(1.4) is the framework's: these facts are the plain n/d of index-766.md §3."""

from tests.sql.index766.worlds import XA, S, fact, fact_counts


def test_example_a(example_a):
    # 40 received in March, 38 synced (a30, a31 never) -> d = 38. Online: a01-a14. a01-a04 belong
    # to P0 (no paper result): favourable by the channel alone. a05-a14 belong to P1 (paper
    # result): a05-a11 have a GIAYTOKETQUA row with file and code (7); a12 (file, no code), a13
    # (code, no file), a14 (no row) are not favourable. n = 4 + 7 = 11; 11/38 = 0.289474 and
    # × r(1.4) 0.95 = 0.275 = 11/40 (the framework's).
    assert fact_counts(example_a, "ind_3_3", "2022-03", XA) == (11, 38)
    for key in ("a12", "a13", "a14"):
        assert fact(example_a, "ind_3_3", "2022-03", key)["is_favourable"] is False, key
    # an unsynced dossier stays a fact, out of d
    assert fact(example_a, "ind_3_3", "2022-03", "a30")["in_denominator"] is False
    # every input delivered: no proxy flag
    assert fact(example_a, "ind_3_3", "2022-03", "a05")["flags"] == []


def test_example_b(example_b):
    # 800 received in Q2, 792 synced; 480 online, all synced, TTHC without paper result -> 480/792
    # (× r(1.4) 0.99 = 0.6 at the framework)
    assert fact_counts(example_b, "ind_3_3", "2022-Q2", S) == (480, 792)


def test_synced_is_judged_at_the_end_of_each_period(rules):
    # §2 "Synced", §8 A16: S1 received 10/05 online, synced 05/06. At E(2022-05) = 31/05 it is
    # not synced (out of d); at E(2022-Q2) = 30/06 it is (in d, favourable)
    may, q2 = fact(rules, "ind_3_3", "2022-05", "S1"), fact(rules, "ind_3_3", "2022-Q2", "S1")
    assert (may["in_denominator"], may["is_favourable"]) == (False, False)
    assert (q2["in_denominator"], q2["is_favourable"]) == (True, True)


def test_proxy_without_result_documents_and_sync_date(absent):
    # No GIAYTOKETQUA and no co_ket_qua_giay_to: A1 (online, da_so_hoa_ket_qua = 1 with a
    # ma_ket_qua) is favourable by the proxy; no ngay_dong_bo_dvcqg: synced from
    # da_dong_bo_dvcqg, a state as of D (A16). A2 is not synced -> 1/1.
    con, _ = absent
    assert fact_counts(con, "ind_3_3", "2022-05") == (1, 1)
    assert fact(con, "ind_3_3", "2022-05", "A1")["flags"] == ["proxy", "as_of_D"]
