"""A target's `short_name` (docs/plan-format.md, "Target keys"): the plan's own words when it
gives them, else the first words of the text, never the id."""

from __future__ import annotations

import duckdb

from pipelines.settings import PLANS_DIR
from pipelines.warehouse.plan import load_plans, short_name

PLAN = """\
plan:
  id: t-2024
  year: 2024
targets:
  - id: T.1
    short_name: "  Luân chuyển điện tử 70%  "
    text: Tối thiểu 70% hồ sơ được luân chuyển bằng phương thức điện tử.
    kind: ratio
    metric: electronic_circulation_rate
    threshold: 0.70
  - id: T.2
    text: Tối thiểu 70% hồ sơ giải quyết TTHC được luân chuyển trong nội bộ giữa các cơ quan có thẩm quyền.
    kind: ratio
    metric: electronic_circulation_rate
    threshold: 0.70
indicators:
  - id: TD.9
    metric: on_time_resolution_rate
"""


def test_short_name_is_the_plans_words_else_the_first_words_of_the_text(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text(PLAN, encoding="utf-8")
    con = duckdb.connect()
    load_plans(con, [f])
    names = dict(con.execute("SELECT target_id, short_name FROM plan_targets").fetchall())
    # T.1: the plan's short_name, trimmed
    assert names["T.1"] == "Luân chuyển điện tử 70%"
    # T.2: 96 characters of text; the words that fit in 59 characters (60 less the "…"):
    # "Tối thiểu 70% hồ sơ giải quyết TTHC được luân chuyển trong" is 58 characters, the next
    # word "nội" would make 62 → cut there
    assert names["T.2"] == "Tối thiểu 70% hồ sơ giải quyết TTHC được luân chuyển trong …"
    # TD.9: neither → NULL (the pages name it by its metric), never "TD.9"
    assert names["TD.9"] is None


def test_a_short_text_is_its_own_name_without_its_full_stop():
    assert short_name(None, "Tuyên truyền Nghị định 107/2021/NĐ-CP.") == "Tuyên truyền Nghị định 107/2021/NĐ-CP"
    assert short_name("", "  ") is None


def test_every_target_of_the_shipped_plans_has_a_short_name_of_at_most_60_characters():
    for path in sorted(PLANS_DIR.glob("*.yaml")):
        con = duckdb.connect()
        load_plans(con, [path])
        rows = con.execute("SELECT target_id, short_name FROM plan_targets").fetchall()
        assert rows
        for tid, name in rows:
            assert name and len(name) <= 60, (path.name, tid, name)
            assert tid not in name
