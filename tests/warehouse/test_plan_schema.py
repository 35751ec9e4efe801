"""The plan file's schema (pipelines/warehouse/plan_schema.py): what it accepts, what it refuses,
and that every refusal names the file, the line and the target (docs/plan-format.md).

Each hand-made plan below is written line by line; the expected line numbers are counted in the
comments beside the plan text (line 1 is the first line of the text)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import PLANS_DIR
from pipelines.warehouse.plan import PlanError, known_metrics, load_plans, parse_plan
from pipelines.warehouse.plan_schema import PLANNED_KEYS, check_plan_file, check_plan_text, plan_summary

FIXTURE_PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"
SPEC_PLAN = FIXTURE_PLANS / "hatinh-2022-spec.yaml"
METRICS = known_metrics()

# A valid one-target plan; the tests below add or change one thing. Lines:
#  1 plan:            2 id: t-2024        3 year: 2024       4 targets:
#  5 - id: T.1        6 kind: ratio       7 metric: ...      8 threshold: 0.70
#  9 scope: [...]    10 due: "2024"
HEAD = """\
plan:
  id: t-2024
  year: 2024
targets:
  - id: T.1
    kind: ratio
    metric: electronic_circulation_rate
    threshold: 0.70
    scope: [tinh, huyen]
    due: "2024"
"""


def check(text: str, tmp_path: Path, name: str = "x.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [str(i) for i in check_plan_file(path, METRICS).issues]


# --------------------------------------------------------------------------------------------
# What it accepts


@pytest.mark.parametrize(
    "path",
    [
        *sorted(PLANS_DIR.glob("*.yaml")),
        *sorted((PLANS_DIR / "examples").glob("*.yaml")),
        *sorted(FIXTURE_PLANS.glob("*.yaml")),
    ],
    ids=lambda p: p.name,
)
def test_every_shipped_and_fixture_plan_validates(path):
    # every plan the project ships (plans/*.yaml), the examples of each kind (plans/examples/),
    # the made-up other province's plan and the spec's version of the 2022 plan: no issue, and
    # the metric ids are checked against sql/metrics
    result = check_plan_file(path, METRICS)
    assert result.issues == []
    assert result.plan is not None and result.plan.targets


def test_spec_plan_summary_counts_kinds_by_hand():
    # The spec's 2022 plan, counted by hand:
    #   Phụ lục II: ratio P2.1 2.2 2.3a 2.3b 2.4a 2.4b 2.4c 2.6a 2.6b 2.9a 2.9b = 11,
    #               tracking P2.5 P2.6c = 2, milestone P2.7 P2.8 = 2
    #   Phụ lục I:  ratio P1.II.1a P1.II.1b P1.III.2 = 3,
    #               milestone P1.I.1-3, P1.II.2, P1.II.3, P1.VII.1, P1.VII.3 = 7,
    #               tracking P1.I.4-6, P1.III.1, P1.III.3-5, P1.IV.1-2, P1.V.1-2, P1.VI.1-2,
    #               P1.VII.2, P1.VII.4 = 15
    #   → 40 targets: ratio 14, tracking 17, milestone 9; indicators: TD.1; every due in 2022
    plan = check_plan_file(SPEC_PLAN, METRICS).plan
    assert plan_summary(plan) == (
        "kế hoạch hatinh-2022, Tỉnh Hà Tĩnh, năm 2022; 40 mục tiêu (ratio 14, tracking 17, milestone 9),"
        " 1 chỉ tiêu theo dõi thêm; thời hạn trong năm 2022"
    )
    p26c = next(t for t in plan.targets if t.id == "P2.6c")
    assert (p26c.kind, p26c.reference.threshold) == ("tracking", 1.0)
    assert p26c.reference.rule.startswith("Nghị định 61/2018/NĐ-CP")
    td1 = plan.indicators[0]
    assert (td1.kind, td1.reference.threshold, td1.reference.note) == (
        "tracking",  # indicators default to tracking
        0.998,
        "Hà Tĩnh 2020: 99,84% đúng hạn",
    )


def test_all_keys_of_the_format_are_accepted(tmp_path):
    # every key of docs/plan-format.md once: header with province, a ratio with thresholds per
    # level and a fallback, a tracking with a bare-number reference, an activity count, a
    # milestone due on a date, an indicator without kind, field groups given as one name
    text = """\
    plan:
      id: full-2024
      title: Kế hoạch thử
      decision: 1/QĐ-UBND
      signed: 2024-01-15
      province: { name: Tỉnh Thử, gso_code: "99", agency_id: "000.00.00.H99" }
      year: 2024
    targets:
      - id: A.1
        text: Tỷ lệ theo cấp
        kind: ratio
        metric: result_digitization_rate
        threshold: 0.3
        threshold_by_level: { tinh: 0.5, huyen: 0.4 }
        scope: [tinh, huyen, xa]
        due: 2024
        note: ngưỡng xã dùng ngưỡng chung 30%
      - id: A.2
        kind: ratio
        metric: satisfaction_rate_by_field_group
        threshold: 0.85
        field_groups: dat_dai
        scope: tinh
        due: "2024-06-30"
      - { id: A.3, kind: tracking, metric: periodic_report_on_time_rate, reference: 1 }
      - { id: A.4, kind: tracking, metric: regulatory_activity_count, activity: kiem_tra, due: "2024" }
      - { id: A.5, kind: milestone, task: NV.5, due: 2024-03-31 }
    indicators:
      - { id: I.1, metric: on_time_resolution_rate, reference: { threshold: 0.9, rule: QĐ 766, note: x } }
    field_groups:
      dat_dai: đất đai
    """
    assert check(text, tmp_path) == []
    plan = check_plan_file(tmp_path / "x.yaml").plan
    a1, a2, a3 = plan.targets[:3]
    assert (a1.due, a2.due, plan.targets[4].due) == ("2024", "2024-06-30", "2024-03-31")
    assert (a2.scope, a2.field_groups, a3.reference.threshold) == (["tinh"], ["dat_dai"], 1.0)
    assert plan.field_groups == {"dat_dai": ["đất đai"]}


def test_unquoted_flow_text_is_mended_only_in_flow_style(tmp_path):
    # YAML cuts `text: Chỉ đạo, hướng dẫn, đôn đốc.` at its commas into keys with no value; in a
    # flow mapping they are the rest of the text (as plan.mend_flow_text reads them) ...
    flow = HEAD + "  - { id: T.2, text: Chỉ đạo, hướng dẫn, đôn đốc., kind: milestone, due: 2024-12-31 }\n"
    assert check(flow, tmp_path) == []
    t2 = check_plan_file(tmp_path / "x.yaml").plan.targets[1]
    assert t2.text == "Chỉ đạo, hướng dẫn, đôn đốc."
    # ... and the loader reads the same text
    assert parse_plan(tmp_path / "x.yaml", METRICS)["targets"][1]["text"] == t2.text
    # in block style a key with no value after `text` (line 13) is an unknown key, not text
    block = HEAD + "  - id: T.2\n    text: Chỉ đạo\n    treshold:\n    kind: milestone\n    due: 2024-12-31\n"
    #             line 11         12                13
    assert check(block, tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 13, mục tiêu T.2: khóa không hợp lệ "treshold" (có phải "threshold"?)'
    ]


def test_the_shipped_plan_texts_are_mended_as_the_loader_mends_them():
    # plans/hatinh-2022.yaml leaves flow-style texts unquoted: schema and loader agree on them
    path = PLANS_DIR / "hatinh-2022.yaml"
    schema_texts = {t.id: t.text for t in check_plan_file(path, METRICS).plan.targets}
    loader_texts = {t["target_id"]: t["text"] for t in parse_plan(path, METRICS)["targets"]}
    assert schema_texts == {k: v for k, v in loader_texts.items() if k in schema_texts}
    assert (
        schema_texts["P1.I.2"]
        == "Chỉ đạo, hướng dẫn, đôn đốc các cơ quan, đơn vị, địa phương thực hiện công tác kiểm soát TTHC."
    )


# --------------------------------------------------------------------------------------------
# Unknown keys: refused at every level, with line and target


def test_unknown_top_level_key(tmp_path):
    # line 11 is `threshold_by_district:` at the top level (after the 10 lines of HEAD): no target
    msgs = check(HEAD + "threshold_by_district: { huong_son: 0.5 }\n", tmp_path)
    assert msgs == [f'{tmp_path / "x.yaml"} dòng 11: khóa không hợp lệ "threshold_by_district"']


def test_unknown_target_key(tmp_path):
    # line 11 is inside T.1 (HEAD's target, lines 5-10, continues)
    msgs = check(HEAD + "    threshold_by_district: { huong_son: 0.5 }\n", tmp_path)
    assert msgs == [
        f'{tmp_path / "x.yaml"} dòng 11, mục tiêu T.1: khóa không hợp lệ "threshold_by_district"'
        ' (có phải "threshold_by_unit"?)'
    ]


def test_unknown_reference_key(tmp_path):
    # a tracking target T.2 at lines 11-16; `treshold` is line 16, inside its reference mapping
    text = HEAD + (
        "  - id: T.2\n"
        "    kind: tracking\n"
        "    metric: periodic_report_on_time_rate\n"
        "    reference:\n"
        "      rule: QĐ 766\n"
        "      treshold: 1.0\n"
    )
    assert check(text, tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 16, mục tiêu T.2: khóa không hợp lệ "reference.treshold" (có phải "threshold"?)'
    ]


def test_unknown_header_key(tmp_path):
    # `tinh:` instead of `province:` on line 3 of the header; `province.code` on line 4
    text = "plan:\n  id: t-2024\n  tinh: Hà Tĩnh\n  province: { code: '42' }\n" + HEAD.split("  year: 2024\n")[1]
    assert check(text, tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 3: khóa không hợp lệ "plan.tinh"',
        f'{tmp_path / "x.yaml"} dòng 4: khóa không hợp lệ "plan.province.code" (có phải "gso_code"?)',
    ]


def test_leads_are_accepted_in_every_form(tmp_path):
    # chu_tri (refused as "chưa hỗ trợ" until issue 14): a level, a dotted code, a type, a name,
    # one item alone; repeats dropped
    text = (
        HEAD + '    chu_tri: [huyen, "000.00.12.H27", { loai: "Sở, ban, ngành" }, { ten_don_vi: Sở Tư pháp }, huyen]\n'
    )
    text += "    phoi_hop: { level: tw }\n"
    assert check(text, tmp_path) == []
    plan = check_plan_file(tmp_path / "x.yaml", METRICS).plan
    assert [x.key() for x in plan.targets[0].chu_tri] == ["level", "ma_don_vi", "loai", "ten_don_vi"]
    assert [x.level for x in plan.targets[0].phoi_hop] == ["tw"]


def test_bad_leads_name_the_item(tmp_path):
    # line 11: "huyện" (with its accents) is neither a level nor a code; line 12: two keys in one
    # item; line 13: an unknown key, with a suggestion
    text = HEAD + "    chu_tri: [huyện]\n    phoi_hop: [{ level: xa, loai: UBND cấp xã }]\n"
    text = text.replace("  - id: T.1\n", "  - id: T.1\n", 1)
    msgs = check(text, tmp_path)
    assert msgs == [
        f"{tmp_path / 'x.yaml'} dòng 11, mục tiêu T.1: \"chu_tri[0]\": 'huyện' không phải cấp (tinh, huyen, xa, tw)"
        " hay mã đơn vị; tên đơn vị viết ten_don_vi: …, loại đơn vị viết loai: …",
        f'{tmp_path / "x.yaml"} dòng 12, mục tiêu T.1: "phoi_hop[0]": mỗi đơn vị chủ trì/phối hợp ghi đúng một'
        " trong level, loai, ma_don_vi, ten_don_vi (có 2)",
    ]
    assert check(HEAD + "    chu_tri: [{ ten: Sở Tư pháp }]\n", tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 11, mục tiêu T.1: khóa không hợp lệ "chu_tri[0].ten"'
    ]


SECTIONS = """\
plan:
  id: s-2024
sections:
  - { id: A, title: "I. Kiểm tra" }
  - { id: A, title: "II. Truyền thông" }
targets:
  - { id: T.1, kind: milestone, due: 2024-06-30, section: A }
  - { id: T.2, kind: milestone, due: 2024-06-30, section: B }
  - { id: T.3, kind: milestone, due: 2024-06-30 }
indicators:
  - { id: I.1, metric: online_dossier_rate }
"""


def test_sections_rules(tmp_path):
    # line 5: a repeated section id; line 8: a section not declared; line 9: a target without a
    # section in a plan that has sections; the indicator (line 11) may have none
    assert check(SECTIONS, tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 5: mã phần "A" trùng với phần #1 của sections',
        f'{tmp_path / "x.yaml"} dòng 8, mục tiêu T.2: phần "B" chưa khai báo trong sections (A)',
        f'{tmp_path / "x.yaml"} dòng 9, mục tiêu T.3: thiếu khóa "section" (kế hoạch có sections: A)',
    ]
    # a section with a key it does not have (line 4), with a suggestion
    bad = SECTIONS.replace('{ id: A, title: "I. Kiểm tra" }', '{ id: A, titel: "I. Kiểm tra" }')
    assert f'{tmp_path / "x.yaml"} dòng 4: khóa không hợp lệ "sections[0].titel" (có phải "title"?)' in check(
        bad, tmp_path
    )
    # `section` without `sections` (line 11 of HEAD + section)
    assert check(HEAD + "    section: A\n", tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 11, mục tiêu T.1: phần "A" chưa khai báo trong sections (chưa có phần nào)'
    ]


# A count target (lines 11-16 after HEAD): "ít nhất 2 cuộc kiểm tra"
COUNT = """\
  - id: C.1
    kind: count
    metric: regulatory_activity_count
    activity: kiem_tra
    threshold: 2
    due: "2024"
"""


def test_count_direction_stages_and_units_are_accepted(tmp_path):
    # count with a whole threshold; a ratio at_most, staged, with a district's own threshold
    text = (
        HEAD
        + COUNT
        + (
            "    direction: at_most\n"
            "  - id: R.1\n    kind: ratio\n    metric: online_dossier_rate\n    direction: at_most\n"
            "    stages: [{ from: 2024-06-30, threshold: 0.4 }, { from: 2024-12-31, threshold: 0.2 }]\n"
            "    threshold_by_unit: { '000.00.30.H27': 0.3 }\n"
        )
    )
    assert check(text, tmp_path) == []


@pytest.mark.parametrize(
    "extra, expected",
    [
        # 2.5 inspections (line 15 of COUNT): a count is whole
        (
            ("threshold: 2", "threshold: 2.5"),
            'dòng 15, mục tiêu C.1: "threshold": 2.5 phải là một số nguyên (mục tiêu số đếm, kind: count)',
        ),
        # a count target needs a count metric (line 13)
        (
            ("metric: regulatory_activity_count\n    activity: kiem_tra", "metric: online_dossier_rate"),
            'dòng 13, mục tiêu C.1: mục tiêu số đếm (count) cần một chỉ số đếm; "online_dossier_rate" là tỷ lệ (ratio)',
        ),
        # no threshold at all: the target's first line (11)
        (
            ("    threshold: 2\n", ""),
            'dòng 11, mục tiêu C.1: mục tiêu số đếm (count) cần "threshold", "threshold_by_level" hoặc "stages"',
        ),
        # a direction that is neither (line 15 replaced)
        (
            ("threshold: 2", "threshold: 2\n    direction: below"),
            "dòng 16, mục tiêu C.1: \"direction\": hướng 'below' không hợp lệ (chấp nhận: at_least, at_most)",
        ),
        # stages out of order (line 15): the second stage's date is not after the first
        (
            ("threshold: 2", "stages: [{ from: 2024-06-30, threshold: 1 }, { from: 2024-03-31, threshold: 2 }]"),
            'dòng 15, mục tiêu C.1: "stages[1].from": ngày 31/03/2024 phải sau ngày của giai đoạn trước (30/06/2024)',
        ),
        # stages and threshold together: which would apply? (stages on line 16)
        (
            ("threshold: 2", "threshold: 2\n    stages: [{ from: 2024-06-30, threshold: 1 }]"),
            'dòng 16, mục tiêu C.1: không dùng cùng lúc "stages" và "threshold"',
        ),
        # a unit's threshold on a count is a count too (line 16)
        (
            ("threshold: 2", "threshold: 2\n    threshold_by_unit: { '000.00.30.H27': 0.5 }"),
            'dòng 16, mục tiêu C.1: "threshold_by_unit.000.00.30.H27": 0.5 phải là một số nguyên',
        ),
    ],
)
def test_rules_of_count_direction_stages_units(tmp_path, extra, expected):
    msgs = check(HEAD + COUNT.replace(*extra), tmp_path)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(f"{tmp_path / 'x.yaml'} {expected}"), msgs


def test_a_stage_is_written_from_not_until(tmp_path):
    # the first draft's `until` (line 15): unknown, with the advice; and its `from` is missing
    f = tmp_path / "x.yaml"
    assert check(HEAD + COUNT.replace("threshold: 2", "stages: [{ until: 2024-06-30, threshold: 1 }]"), tmp_path) == [
        f'{f} dòng 15, mục tiêu C.1: khóa không hợp lệ "stages[0].until" (giai đoạn viết "from": ngưỡng áp dụng'
        " cho các kỳ kết thúc từ ngày đó)",
        f'{f} dòng 15, mục tiêu C.1: thiếu khóa "stages[0].from"',
    ]


def test_a_tracking_target_takes_no_direction_nor_stages(tmp_path):
    # tracking: no threshold of any kind; direction on line 16, stages on line 17
    text = HEAD + COUNT.replace("kind: count", "kind: tracking").replace(
        "    threshold: 2\n", "    direction: at_most\n    stages: [{ from: 2024-06-30, threshold: 1 }]\n"
    )
    f = tmp_path / "x.yaml"
    assert check(text, tmp_path) == [
        f'{f} dòng 15, mục tiêu C.1: mục tiêu loại tracking không có ngưỡng "direction" (dùng reference cho mức tham chiếu)',
        f'{f} dòng 16, mục tiêu C.1: mục tiêu loại tracking không có ngưỡng "stages" (dùng reference cho mức tham chiếu)',
    ]


def test_validity_must_not_be_empty(tmp_path):
    # year 2024 gives 01/01/2024; valid_to 31/12/2023 (line 4) ends before it
    text = HEAD.replace("  year: 2024\n", "  year: 2024\n  valid_to: 2023-12-31\n")
    assert check(text, tmp_path) == [
        f"{tmp_path / 'x.yaml'} dòng 4: thời gian hiệu lực trống: từ 01/01/2024 đến 31/12/2023"
    ]


def test_the_loader_stores_validity_direction_stages_and_units(tmp_path):
    # year 2024 → valid 01/01–31/12/2024; valid_from 2024-07-01 narrows it to the second half
    f = tmp_path / "x.yaml"
    text = HEAD.replace("  year: 2024\n", "  year: 2024\n  valid_from: 2024-07-01\n") + COUNT
    text += "    direction: at_most\n    threshold_by_unit: { '000.00.30.H27': 1 }\n"
    f.write_text(text, encoding="utf-8")
    con = duckdb.connect()
    load_plans(con, [f])
    assert con.execute("SELECT valid_from, valid_to FROM plan_info").fetchone() == (
        dt.date(2024, 7, 1),
        dt.date(2024, 12, 31),
    )
    # T.1 is a ratio with the default direction; C.1 says at_most, its threshold the count 2
    assert con.execute("SELECT target_id, kind, threshold, direction FROM plan_targets ORDER BY 1").fetchall() == [
        ("C.1", "count", 2.0, "at_most"),
        ("T.1", "ratio", 0.7, "at_least"),
    ]
    assert con.execute("SELECT target_id, ma_don_vi, threshold FROM plan_target_units").fetchall() == [
        ("C.1", "000.00.30.H27", 1.0)
    ]
    assert con.execute("SELECT count(*) FROM plan_target_stages").fetchone() == (0,)


# --------------------------------------------------------------------------------------------
# Values


def test_a_count_threshold_on_a_ratio_is_refused(tmp_path):
    # "at least 2 inspections" written as threshold: 2 (line 8) on a ratio target
    msgs = check(HEAD.replace("threshold: 0.70", "threshold: 2"), tmp_path)
    assert msgs == [
        f'{tmp_path / "x.yaml"} dòng 8, mục tiêu T.1: "threshold": 2 phải là một tỷ lệ từ 0 đến 1'
        " (0.70 = 70%); mục tiêu số đếm viết kind: count"
    ]


def test_a_percent_text_threshold_is_refused(tmp_path):
    msgs = check(HEAD.replace("threshold: 0.70", 'threshold: "70%"'), tmp_path)
    assert msgs == [
        f'{tmp_path / "x.yaml"} dòng 8, mục tiêu T.1: "threshold": phải là một số (tỷ lệ từ 0 đến 1,'
        " hoặc số lần với kind: count), không phải '70%' (viết 0.70 cho 70%)"
    ]


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        # a number where text is needed: `id: 2.10` would silently become the id "2.1"
        ("- id: T.1", "- id: 2.10", 5, ['"id": phải là văn bản, không phải 2.1']),
        (
            'due: "2024"',
            "due: Quý II",
            10,
            ["\"due\": phải là một năm (2022) hoặc một ngày (2022-06-30), không phải 'Quý II'"],
        ),
        ("scope: [tinh, huyen]", "scope: [tinh, thon]", 9, ["\"scope[1]\": cấp 'thon' không hợp lệ"]),
        ("scope: [tinh, huyen]", "scope: []", 9, ['"scope": phải có ít nhất một phần tử']),
        (
            "threshold: 0.70",
            "threshold: true",
            8,
            ['"threshold": phải là một số (tỷ lệ từ 0 đến 1, hoặc số lần với kind: count), không phải True'],
        ),
        ("year: 2024", "year: năm 2024", 3, ["\"plan.year\": phải là một năm (vd. 2022), không phải 'năm 2024'"]),
    ],
)
def test_wrong_types_are_refused_with_their_line(tmp_path, old, new, line, words):
    msgs = check(HEAD.replace(old, new), tmp_path)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(f"{tmp_path / 'x.yaml'} dòng {line}"), msgs
    for w in words:
        assert w in msgs[0], msgs


def test_a_target_that_is_not_a_mapping_is_refused(tmp_path):
    # line 11 is a bare text where a target mapping belongs: named by its place, #2 of targets
    assert check(HEAD + "  - P2.1\n", tmp_path) == [
        f"{tmp_path / 'x.yaml'} dòng 11, mục tiêu #2 của targets: mục tiêu phải là một ánh xạ (các dòng khóa: giá trị)"
    ]


def test_an_unquoted_gso_code_is_refused(tmp_path):
    # gso_code: 042 unquoted is a number to YAML (and octal 34 in YAML 1.1): text only (line 3)
    text = HEAD.replace("  year: 2024\n", "  province: { name: Tỉnh Thử, gso_code: 42 }\n")
    assert check(text, tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 3: "plan.province.gso_code": phải là văn bản, không phải 42 (đặt trong ngoặc kép)'
    ]


def test_a_field_group_without_names_is_refused(tmp_path):
    # lines 11-13: `field_groups:`, `dat_dai: []` (no names: no dossier could ever match), `xay_dung`
    text = HEAD + "field_groups:\n  dat_dai: []\n  xay_dung: xây dựng\n"
    assert check(text, tmp_path) == [
        f'{tmp_path / "x.yaml"} dòng 12: "field_groups.dat_dai": phải có ít nhất một phần tử'
    ]


def test_an_impossible_date_and_a_yaml_syntax_error_name_their_line(tmp_path):
    assert check(HEAD.replace('due: "2024"', "due: 2024-13-01"), tmp_path) == [
        f"{tmp_path / 'x.yaml'} dòng 10: ngày không hợp lệ '2024-13-01' (dùng YYYY-MM-DD)"
    ]
    # an unclosed flow mapping on line 11: YAML's parser stops at the end of the text (line 12)
    msgs = check(HEAD + "  - { id: T.2, kind: tracking\n", tmp_path)
    assert len(msgs) == 1 and msgs[0].startswith(f"{tmp_path / 'x.yaml'} dòng 12: không đọc được YAML"), msgs


def test_a_key_written_twice_is_refused(tmp_path):
    # YAML keeps the second `threshold` (line 11) and drops the first (line 8) without a word
    msgs = check(HEAD + "    threshold: 0.9\n", tmp_path)
    assert msgs == [
        f'{tmp_path / "x.yaml"} dòng 8, mục tiêu T.1: khóa "threshold" viết hai lần (dòng 8 và dòng 11);'
        " YAML chỉ giữ giá trị sau"
    ]


# --------------------------------------------------------------------------------------------
# Rules across keys


@pytest.mark.parametrize(
    "target, expected",
    [
        # a tracking target has no threshold: a reference is not the plan's threshold (line 14)
        (
            "  - id: T.2\n    kind: tracking\n    metric: satisfaction_rate\n    threshold: 1.0\n",
            'dòng 14, mục tiêu T.2: mục tiêu loại tracking không có ngưỡng "threshold" (dùng reference cho mức tham chiếu)',
        ),
        # a ratio without threshold: the target's first line (11)
        (
            "  - id: T.2\n    kind: ratio\n    metric: satisfaction_rate\n",
            'dòng 11, mục tiêu T.2: mục tiêu tỷ lệ (ratio) cần "threshold", "threshold_by_level" hoặc "stages"',
        ),
        # huyen has no threshold of its own and there is no fallback (line 14)
        (
            "  - id: T.2\n    kind: ratio\n    metric: result_digitization_rate\n"
            "    threshold_by_level: { tinh: 0.5 }\n    scope: [tinh, huyen]\n",
            'dòng 14, mục tiêu T.2: không có ngưỡng cho cấp huyen của scope (thêm "threshold" làm ngưỡng chung)',
        ),
        # xa has a threshold but is outside the scope: the xa key's line (14, flow mapping)
        (
            "  - id: T.2\n    kind: ratio\n    metric: result_digitization_rate\n"
            "    threshold_by_level: { tinh: 0.5, xa: 0.3 }\n    scope: [tinh]\n",
            'dòng 14, mục tiêu T.2: cấp "xa" của threshold_by_level không thuộc scope (tinh)',
        ),
        # a milestone needs its due date (line 11)
        ("  - { id: T.2, kind: milestone }\n", 'dòng 11, mục tiêu T.2: mốc nhiệm vụ (milestone) cần "due"'),
        # a ratio target measured by a count (line 13)
        (
            "  - id: T.2\n    kind: ratio\n    metric: regulatory_activity_count\n    threshold: 0.5\n"
            "    activity: kiem_tra\n",
            'dòng 13, mục tiêu T.2: mục tiêu tỷ lệ (ratio) cần một chỉ số tỷ lệ; "regulatory_activity_count" là số đếm',
        ),
        # an activity code on a metric that is not counted per activity (line 14)
        (
            "  - id: T.2\n    kind: tracking\n    metric: satisfaction_rate\n    activity: kiem_tra\n",
            'dòng 14, mục tiêu T.2: chỉ số "satisfaction_rate" không tính theo mã hoạt động: bỏ "activity"',
        ),
        # the same id twice (line 11 is the second T.1's id)
        (
            "  - { id: T.1, kind: milestone, due: 2024 }\n",
            "dòng 11, mục tiêu T.1: mã mục tiêu trùng với mục #1 của targets",
        ),
        # an unknown metric, with the near one suggested (line 13)
        (
            "  - id: T.2\n    kind: tracking\n    metric: satisfaction_rat\n",
            'dòng 13, mục tiêu T.2: chỉ số không tồn tại "satisfaction_rat" (có phải "satisfaction_rate"?)',
        ),
    ],
)
def test_rules_across_keys(tmp_path, target, expected):
    msgs = check(HEAD + target, tmp_path)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(f"{tmp_path / 'x.yaml'} {expected}"), msgs


# --------------------------------------------------------------------------------------------
# Several errors together, and the loader


MANY = HEAD + textwrap.dedent("""\
  - id: T.2
    kind: ratio
    metric: satisfaction_rate
    threshold: "70%"
    direction: at_least_once
  - id: T.3
    kind: tracking
    metric: periodic_report_on_time_rate
    reference: { threshold: 0.9, treshold: 1 }
colour: red
""")
# lines: 11 T.2, 14 its threshold "70%", 15 a direction that is neither; 16 T.3, 19 reference with `treshold`;
# 20 `colour` at the top level


def test_several_errors_are_reported_together_in_line_order(tmp_path):
    f = tmp_path / "x.yaml"
    assert check(MANY, tmp_path) == [
        f'{f} dòng 14, mục tiêu T.2: "threshold": phải là một số (tỷ lệ từ 0 đến 1, hoặc số lần với kind: count),'
        " không phải '70%' (viết 0.70 cho 70%)",
        f"{f} dòng 15, mục tiêu T.2: \"direction\": hướng 'at_least_once' không hợp lệ (chấp nhận: at_least, at_most)",
        f'{f} dòng 19, mục tiêu T.3: khóa không hợp lệ "reference.treshold" (có phải "threshold"?)',
        f'{f} dòng 20: khóa không hợp lệ "colour"',
    ]


def test_the_loader_raises_every_error_at_once(tmp_path):
    # load_plans → parse_plan → the schema: one PlanError carrying the four messages above
    f = tmp_path / "x.yaml"
    f.write_text(MANY, encoding="utf-8")
    con = duckdb.connect()
    with pytest.raises(PlanError) as e:
        load_plans(con, [f])
    lines = str(e.value).splitlines()
    assert [ln.split(":")[0].split(",")[0] for ln in lines] == [f"{f} dòng {n}" for n in (14, 15, 19, 20)]
    # nothing was written: the plan tables do not exist
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'plan%'").fetchone()[0] == 0


def test_the_loader_refuses_an_unknown_key_it_used_to_ignore(tmp_path):
    # before the schema, `threshold_by_district` loaded and 0.70 applied everywhere
    f = tmp_path / "x.yaml"
    f.write_text(HEAD + "    threshold_by_district: { huong_son: 0.5 }\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"dòng 11, mục tiêu T.1: khóa không hợp lệ \"threshold_by_district\""):
        load_plans(duckdb.connect(), [f])


def test_missing_file_and_missing_sections(tmp_path):
    assert [str(i) for i in check_plan_file(tmp_path / "none.yaml").issues] == [
        f"{tmp_path / 'none.yaml'}: không tìm thấy tệp kế hoạch (plan file not found)"
    ]
    # no `plan:` and an empty target list: line 1 is `targets: []`
    assert [str(i) for i in check_plan_text("targets: []\n", "y.yaml").issues] == [
        'y.yaml dòng 1: "targets" phải có ít nhất một phần tử',
        'y.yaml dòng 1: thiếu khóa "plan"',
    ]


def test_the_format_page_names_every_key_of_the_schema():
    # docs/plan-format.md is the format's definition: every key the schema accepts has its row
    # (`| \`key\` |` in a table), and every planned key its row in "Planned"
    from pipelines.warehouse.plan_schema import PlanHeader, Province, Reference, Target

    page = (Path(__file__).resolve().parents[2] / "docs" / "plan-format.md").read_text(encoding="utf-8")
    planned = page[page.index("## Planned") :]
    for key in Target.model_fields:
        assert f"| `{key}` |" in (planned if key in PLANNED_KEYS else page), key
    for key in PlanHeader.model_fields.keys() - {"province"}:  # province: its three keys below
        assert f"| `{key}` |" in page, key
    for key in Province.model_fields:
        assert f"| `province.{key}` |" in page, key
    for key in Reference.model_fields:
        assert f"`{key}`" in page[page.index("| `reference` |") :].split("\n")[0], key


def test_examples_are_never_the_nightly_plans(monkeypatch):
    # the nightly run loads plans/*.yaml (top level): the examples under plans/examples/ are
    # illustrations with made-up thresholds, never loaded
    from pipelines.flows.steps import default_plan_paths

    monkeypatch.delenv("MOTCUA_PLAN", raising=False)
    assert (PLANS_DIR / "examples" / "count.yaml").exists()
    assert default_plan_paths() == sorted(PLANS_DIR.glob("*.yaml"))
    assert all(p.parent == PLANS_DIR for p in default_plan_paths())


def test_motcua_plan_chooses_the_run_plan(monkeypatch):
    # MOTCUA_PLAN (set by `motcua run --plan`) names the run's plan: an id no file has is an error
    from pipelines.flows.steps import default_plan_paths

    monkeypatch.setenv("MOTCUA_PLAN", "hatinh-2022")
    assert default_plan_paths()[0] == PLANS_DIR / "hatinh-2022.yaml"
    monkeypatch.setenv("MOTCUA_PLAN", "hanoi-2030")
    # neither a file nor the plan.id of a file of plans/: refused, naming the plans there
    with pytest.raises(FileNotFoundError, match="không có kế hoạch 'hanoi-2030'.*có: hatinh-2022"):
        default_plan_paths()


def test_summary_names_the_validity(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text(HEAD.replace("  year: 2024\n", "  year: 2024\n  valid_from: 2024-04-01\n"), encoding="utf-8")
    # valid_from 01/04/2024, valid_to from the year: 31/12/2024
    assert "hiệu lực 01/04/2024–31/12/2024" in plan_summary(check_plan_file(f, METRICS).plan)
