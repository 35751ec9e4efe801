"""4.5a Tỷ lệ TTHC triển khai kết nối, chia sẻ dữ liệu dân cư (docs/index-766-indicators-3-5.md,
"4.5a")."""

from tests.sql.index766.worlds import TINH, XA, fact, fact_counts

Q_CITIZEN, Q_BUSINESS, Q_FOREIGN = "2.000203", "2.000204", "2.000205"


def test_procedures_for_citizens_with_a_population_data_dossier(rules):
    # Procedures applied at TINH whose applicants include citizens or foreigners: Q_CITIZEN
    # ("Công dân Việt Nam; Doanh nghiệp") and Q_FOREIGN ("NGƯỜI NƯỚC NGOÀI": case-insensitive);
    # the business-only ones are not in d. Q_CITIZEN has R8 (VNeID) in May -> favourable;
    # Q_FOREIGN no dossier -> 1/2. Q_BUSINESS's R9 uses VNeID but the procedure is not in d.
    assert fact_counts(rules, "ind_4_5a", "2022-05", TINH) == (1, 2)
    assert fact(rules, "ind_4_5a", "2022-05", Q_BUSINESS) is None
    # June: no dossier -> 0/2
    assert fact_counts(rules, "ind_4_5a", "2022-06", TINH) == (0, 2)
    # the certified copy procedure (citizens) applied at XA: its dossier C1 uses no VNeID -> 0/1
    assert fact_counts(rules, "ind_4_5a", "2022-05", XA) == (0, 1)


def test_no_fact_without_its_inputs(absent):
    con, _ = absent
    assert con.execute("SELECT count(*) FROM ind_4_5a").fetchone()[0] == 0
