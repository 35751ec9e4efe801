"""4.1 Tỷ lệ hồ sơ có cấp kết quả giải quyết TTHC điện tử (docs/index-766-indicators-3-5.md,
"4.1"; §8 A17)."""

from tests.sql.index766.worlds import TINH, XA, XA2, fact, fact_counts


def test_dossiers_resolved_in_the_period_of_procedures_with_a_paper_result(rules):
    # Resolved in May at TINH: R1 and R2 (Q_RESULT, paper result) and R3 (Q_NO_RESULT).
    # R1 has a result file -> favourable; R2 has no GIAYTOKETQUA row -> not; R3's procedure
    # returns no paper result -> a fact out of d. R4 (received May, open) is not a fact (A17: a
    # dossier is judged once resolved). -> 1/2
    assert fact_counts(rules, "ind_4_1", "2022-05", TINH) == (1, 2)
    assert fact(rules, "ind_4_1", "2022-05", "R3")["in_denominator"] is False
    assert fact(rules, "ind_4_1", "2022-05", "R4") is None
    # nothing resolved in June
    assert fact_counts(rules, "ind_4_1", "2022-06") == (0, 0)


def test_the_result_file_comes_from_result_documents_not_the_dossier_flag(rules):
    # GIAYTOKETQUA is delivered: C1 (XA) has a result file -> 1/1; C2 (XA2) only says
    # da_so_hoa_ket_qua = 1, which is the proxy's reading and not used here -> 0/1
    assert fact_counts(rules, "ind_4_1", "2022-05", XA) == (1, 1)
    assert fact_counts(rules, "ind_4_1", "2022-05", XA2) == (0, 1)
    assert fact(rules, "ind_4_1", "2022-05", "C2")["flags"] == []


def test_example_a_resolved_in_march(example_a):
    # Resolved in March at X: a01-a31, b1-b3, g1-g4, h1 = 39; P0's a01-a04 return no paper
    # result (out of d) -> d = 35; result files: a05-a11 (with code) and a12 (file, no code) = 8
    assert fact_counts(example_a, "ind_4_1", "2022-03", XA) == (8, 35)
