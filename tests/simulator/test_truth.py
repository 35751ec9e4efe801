"""The simulator's own route to dossiers_in_system_rate picks each agency's reports as
docs/metrics.md says ("Report windows of BAOCAO"), independently of the SQL."""

from __future__ import annotations

import pytest

from simulator.truth import _reports_covering_most_days

Q1, H1, Q3, YEAR = "Quý I/2022", "6 tháng/2022", "Quý III/2022", "Năm 2022"


@pytest.mark.parametrize(
    "sent, chosen",
    [
        ([Q1, H1, Q3, YEAR], {YEAR}),  # its Năm report
        ([Q1, H1, Q3], {H1, Q3}),  # else 6 tháng + Quý III (182 + 92 days)
        ([Q1, H1], {H1}),  # else 6 tháng (182 days; Quý I overlaps it)
        ([Q1, Q3], {Q1, Q3}),  # else Quý I + Quý III (90 + 92 days, no overlap)
        ([Q3], {Q3}),  # else the one it sent
        ([Q1], {Q1}),
    ],
)
def test_each_branch(sent, chosen):
    assert set(_reports_covering_most_days(sent)) == chosen
