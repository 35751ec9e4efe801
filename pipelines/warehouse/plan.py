"""The plan file(s) as tables: plan_info, plan_targets, plan_sections, plan_target_leads,
plan_target_levels, plan_target_stages, plan_target_units, plan_field_groups.

A plan is data (plans/<id>.yaml, e.g. plans/hatinh-2022.yaml): nothing here knows a target id.
`load_plans(con, plan_paths)` validates every file (unknown metric, bad kind, missing threshold,
unknown level or field group ... raise `PlanError` naming the file and the target) and writes
the tables the scorecard models and the reports read (all of them in `_DDL`, documented in
docs/plan-format.md, "The tables written"), among them:

- plan_info(plan_id, title, decision, signed, province_name, gso_code, agency_id, year,
  source_file, sort_order)
- plan_targets(plan_id, target_id, section, kind, metric_id, metric_unit, threshold,
  reference_value, reference_rule, reference_note, activity, task, due, due_date, text,
  scope VARCHAR[], field_groups VARCHAR[], sort_order)
    `section` is `targets` or `indicators` (the plan's `indicators:` list: tracked like a
    `tracking` target); `due` is the text of the plan ("2022" or "2022-06-30"), `due_date` its
    last day (a bare year "2022" = 31/12/2022); `metric_id` of a milestone is
    `task_completion_rate`, its `task` the register code (default: the target id);
    `reference_value`, `reference_rule`, `reference_note` are the plan's `reference` (a level
    set by another text, "mức tham chiếu", never a threshold: metrics.md, "Achievement").
- plan_target_levels(plan_id, target_id, level, threshold)     (threshold_by_level)
- plan_field_groups(plan_id, group_key, ten_linh_vuc)           (names NFC + lower case)
- plan_sections(plan_id, section_id, title, sort_order, chu_tri, phoi_hop)   (`sections:`)
- plan_target_leads(plan_id, target_id, role, item_order, level, loai, ma_don_vi, ten_don_vi,
  from_section)   (`chu_tri` / `phoi_hop` as declared; the agencies they name are found at
  build time by sql/scorecard/plan_target_lead_units)

The known metric ids are the folders of sql/metrics/ whose metadata.yaml says `kind: metric`.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from pipelines.contract import LEVEL_VI
from pipelines.settings import PLANS_DIR, SQL_DIR
from pipelines.warehouse.table_docs import TableDoc, document_table

KINDS = ("ratio", "count", "tracking", "milestone")
LEAD_KEYS = ("level", "loai", "ma_don_vi", "ten_don_vi")  # as plan_schema.LEAD_KEYS (not imported: see parse_plan)
JUDGED_KINDS = ("ratio", "count")  # the kinds with a threshold and a direction
LEVELS = ("tinh", "huyen", "xa", "tw")
MILESTONE_METRIC = "task_completion_rate"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_PLAN = PLANS_DIR / "hatinh-2022.yaml"


class PlanError(ValueError):
    """A plan file that cannot be used, with the file and the target named."""


def norm_name(s: str) -> str:
    """A field name as compared with `ten_linh_vuc`: NFC, trimmed, lower case."""
    return unicodedata.normalize("NFC", str(s)).strip().lower()


def known_metrics(sql_dir: Path = SQL_DIR) -> dict[str, dict[str, Any]]:
    """metric_id -> {unit (`ratio` | `count`), plan_key} of every sql/metrics/<m>/ model whose
    metadata.yaml says `kind: metric`. `plan_key: activity` in a metric's metadata means a plan
    target measured by it must name its `activity` (the metric's group_key)."""
    out: dict[str, dict[str, Any]] = {}
    for meta in sorted((Path(sql_dir) / "metrics").glob("*/metadata.yaml")):
        try:
            m = yaml.load(meta.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except yaml.YAMLError:
            continue
        if m.get("kind") != "metric":
            continue
        mid = m.get("metric_id") or m.get("name") or meta.parent.name
        out[str(mid)] = {"unit": str(m.get("unit") or "ratio"), "plan_key": m.get("plan_key")}
    # the QĐ 766 indicators' ratios (docs/index-766.md §4.5): qd766_<id>, `.` → `_`
    for meta in sorted((Path(sql_dir) / "index766").glob("ind_*/metadata.yaml")):
        try:
            m = yaml.load(meta.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except yaml.YAMLError:
            continue
        if m.get("kind") == "index766_indicator" and m.get("indicator_id"):
            out["qd766_" + str(m["indicator_id"]).replace(".", "_")] = {"unit": "ratio", "plan_key": None}
    return out


def _as_date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if len(s) == 4 and s.isdigit():  # "2022" = throughout the year: due at its end
        return dt.date(int(s), 12, 31)
    try:
        return dt.date.fromisoformat(s)
    except ValueError as e:
        raise PlanError(f"{where}: `due` {value!r} is neither a year (2022) nor a date (2022-06-30)") from e


def _as_year(value: Any, where: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as e:
        raise PlanError(f"{where}: {value!r} is not a year") from e


def _as_threshold(value: Any, where: str, key: str, count: bool = False) -> float | None:
    """A share 0–1, or (`count`) a whole number ≥ 0."""
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError) as e:
        raise PlanError(f"{where}: `{key}` {value!r} is not a number") from e
    if count:
        if x < 0 or not x.is_integer():
            raise PlanError(f"{where}: `{key}` {value!r} must be a whole number ≥ 0")
        return x
    if not 0.0 <= x <= 1.0:
        raise PlanError(f"{where}: `{key}` {value!r} must be a share between 0 and 1")
    return x


def _reference(ref: Any, where: str) -> tuple[float | None, str | None, str | None]:
    """A target's `reference` as (value, rule, note): a mapping {threshold, rule, note} or a bare
    number. The rule and note are kept so that the reports can name the reference's source."""
    if ref is None:
        return None, None, None
    if not isinstance(ref, dict):
        return _as_threshold(ref, where, "reference"), None, None
    rule, note = ref.get("rule"), ref.get("note")
    return (
        _as_threshold(ref.get("threshold"), where, "reference.threshold"),
        None if rule is None else str(rule).strip() or None,
        None if note is None else str(note).strip() or None,
    )


def _as_list(value: Any, where: str, key: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise PlanError(f"{where}: `{key}` must be a list of names")
    return list(dict.fromkeys(str(v) for v in value))  # in order, without repeats


TARGET_KEYS = {
    "direction",
    "stages",
    "threshold_by_unit",
    "id",
    "text",
    "short_name",
    "kind",
    "metric",
    "threshold",
    "threshold_by_level",
    "scope",
    "due",
    "task",
    "activity",
    "reference",
    "field_groups",
    "note",
    "section",
    "chu_tri",
    "phoi_hop",
}


SHORT_NAME_WIDTH = 60  # characters of a target's text kept as its name when the plan gives none


def short_name(given: Any, text: Any, width: int = SHORT_NAME_WIDTH) -> str | None:
    """The pages' name of a target: the plan's `short_name`, else the first words of its text
    that fit in `width` characters (cut at a word, "…" when cut), never its id; None when the
    target has neither (the pages then name it by its metric)."""
    if given is not None and str(given).strip():
        return str(given).strip()
    if text is None or not str(text).strip():
        return None
    words = str(text).split()
    out = ""
    for w in words:
        if len(out) + len(w) + (1 if out else 0) > width - 1:
            break
        out = f"{out} {w}" if out else w
    if not out:  # a single word longer than the width
        out = words[0][: width - 1]
    full = " ".join(words)
    return full.rstrip(" .;:") if out == full else out.rstrip(" ,;:") + " …"


def mend_flow_text(t: dict[str, Any]) -> dict[str, Any]:
    """Give back a target's text that YAML's flow style cut at its commas.

    In `{ id: P1.I.2, text: Chỉ đạo, hướng dẫn, đôn đốc …, kind: milestone }` every comma of the
    unquoted text ends a value: `text` becomes "Chỉ đạo" and "hướng dẫn", "đôn đốc …" become keys
    with no value. Those empty unknown keys that follow `text` are the rest of the sentence
    (the 2022 plan file is written this way), so they are joined back in order.
    """
    if "text" not in t:
        return t
    out: dict[str, Any] = {}
    pieces: list[str] = []
    after_text = False
    for k, v in t.items():
        if k == "text":
            after_text = True
            out[k] = v
        elif after_text and k not in TARGET_KEYS and v is None and isinstance(k, str):
            pieces.append(k)
        else:
            out[k] = v
    if pieces:
        out["text"] = ", ".join([str(out["text"]).rstrip(), *[p.strip() for p in pieces]])
    return out


def parse_plan(path: str | os.PathLike, metrics: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Read and validate one plan file; returns {'info': {...}, 'targets': [...], 'levels': [...],
    'field_groups': [...]} ready for the tables. Raises PlanError with the file and the target."""
    path = Path(path)
    metrics = known_metrics() if metrics is None else metrics
    from pipelines.warehouse.plan_schema import check_plan_file, validity  # noqa: PLC0415 — local: +0.3 s (pydantic models) for every importer of PLAN_TABLES (motcua sql)

    check = check_plan_file(path, metrics)  # the schema first: every error at once, with its line
    if not check.ok:
        raise PlanError("\n".join(str(issue) for issue in check.issues))
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError as e:
        raise PlanError(f"{path}: plan file not found") from e
    except yaml.YAMLError as e:
        raise PlanError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(doc, dict) or not isinstance(doc.get("plan"), dict):
        raise PlanError(f"{path}: no `plan:` section (id, title, year ...)")
    p = doc["plan"]
    plan_id = p.get("id")
    if not plan_id:
        raise PlanError(f"{path}: `plan.id` is missing")
    plan_id = str(plan_id)
    province = p.get("province") or {}
    year = p.get("year")
    valid_from, valid_to = validity(check.plan.plan)
    info = {
        "plan_id": plan_id,
        "title": p.get("title"),
        "decision": p.get("decision"),
        "signed": _as_date(p.get("signed"), f"{path}: plan.signed"),
        "province_name": province.get("name"),
        "gso_code": None if province.get("gso_code") is None else str(province.get("gso_code")),
        "agency_id": province.get("agency_id"),
        "year": _as_year(year, f"{path}: plan.year"),
        "valid_from": None if valid_from is None else dt.date.fromisoformat(valid_from),
        "valid_to": None if valid_to is None else dt.date.fromisoformat(valid_to),
        "source_file": str(path),
    }

    # field groups: key -> names (NFC, lower case)
    fg_raw = doc.get("field_groups") or {}
    if not isinstance(fg_raw, dict):
        raise PlanError(f"{path}: `field_groups` must map a group key to a list of field names")
    groups: dict[str, list[str]] = {}
    for key, names in fg_raw.items():
        lst = _as_list(names, f"{path}: field group {key!r}", "names") or []
        if not lst:
            raise PlanError(f"{path}: field group {key!r} has no field names")
        groups[str(key)] = sorted({norm_name(n) for n in lst})

    raw_targets = doc.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise PlanError(f"{path}: `targets` must be a non-empty list")
    entries = [("targets", t) for t in raw_targets]
    ind = doc.get("indicators") or []
    if not isinstance(ind, list):
        raise PlanError(f"{path}: `indicators` must be a list")
    entries += [("indicators", t) for t in ind]

    targets: list[dict[str, Any]] = []
    levels: list[dict[str, Any]] = []
    all_stages: list[dict[str, Any]] = []
    all_units: list[dict[str, Any]] = []
    seen: set[str] = set()
    for order, (section, t) in enumerate(entries, start=1):
        if not isinstance(t, dict):
            raise PlanError(f"{path}: {section} item #{order} is not a mapping")
        t = mend_flow_text(t)
        tid = t.get("id")
        if not tid:
            raise PlanError(f"{path}: {section} item #{order} has no `id`")
        tid = str(tid)
        where = f"{path}: target {tid}"
        if tid in seen:
            raise PlanError(f"{where}: duplicate target id")
        seen.add(tid)
        kind = t.get("kind", "tracking" if section == "indicators" else None)
        if kind not in KINDS:
            raise PlanError(f"{where}: bad kind {kind!r} (expected one of {', '.join(KINDS)})")
        metric = t.get("metric")
        task = t.get("task")
        if kind == "milestone":
            if metric not in (None, MILESTONE_METRIC):
                raise PlanError(f"{where}: a milestone is measured by {MILESTONE_METRIC}, not {metric!r}")
            metric = MILESTONE_METRIC
            task = str(task or tid)
            if t.get("due") is None:
                raise PlanError(f"{where}: a milestone needs a `due` date")
        else:
            if not metric:
                raise PlanError(f"{where}: a {kind} target needs a `metric`")
            task = None if task is None else str(task)
        metric = str(metric)
        if metric not in metrics:
            raise PlanError(f"{where}: unknown metric {metric!r} (known: {', '.join(sorted(metrics)) or 'none'})")
        unit = metrics[metric]["unit"]

        is_count = kind == "count"
        threshold = _as_threshold(t.get("threshold"), where, "threshold", is_count)
        by_level = t.get("threshold_by_level")
        if by_level is not None and not isinstance(by_level, dict):
            raise PlanError(f"{where}: `threshold_by_level` must map a level to a threshold")
        scope = _as_list(t.get("scope"), where, "scope")
        if scope is not None:
            bad = [s for s in scope if s not in LEVELS]
            if bad or not scope:
                raise PlanError(f"{where}: unknown level(s) {bad} in scope (levels: {', '.join(LEVELS)})")
        if by_level:
            for lv, thr in by_level.items():
                if lv not in LEVELS:
                    raise PlanError(f"{where}: unknown level {lv!r} in threshold_by_level")
                if scope is not None and lv not in scope:
                    raise PlanError(f"{where}: level {lv!r} of threshold_by_level is not in scope")
                levels.append(
                    {
                        "plan_id": plan_id,
                        "target_id": tid,
                        "level": str(lv),
                        "threshold": _as_threshold(thr, where, f"threshold_by_level.{lv}", is_count),
                    }
                )
            missing = [lv for lv in (scope or LEVELS) if lv not in by_level]
            if missing and threshold is None:
                raise PlanError(f"{where}: no threshold for level(s) {missing} of its scope")
        stages = [
            {
                "plan_id": plan_id,
                "target_id": tid,
                "from_date": _as_date(st.get("from"), where),
                "threshold": _as_threshold(st.get("threshold"), where, "stages.threshold", is_count),
            }
            for st in t.get("stages") or []
        ]
        units = [
            {
                "plan_id": plan_id,
                "target_id": tid,
                "ma_don_vi": str(code),
                "threshold": _as_threshold(thr, where, f"threshold_by_unit.{code}", is_count),
            }
            for code, thr in (t.get("threshold_by_unit") or {}).items()
        ]
        if kind in JUDGED_KINDS:
            wanted = "ratio" if kind == "ratio" else "count"
            if unit != wanted:
                raise PlanError(f"{where}: a {kind} target needs a {wanted} metric, {metric!r} is a {unit}")
            if threshold is None and not by_level and not stages:
                raise PlanError(f"{where}: a {kind} target needs `threshold`, `threshold_by_level` or `stages`")
        all_stages += stages
        all_units += units
        ref_thr, ref_rule, ref_note = _reference(t.get("reference"), where)

        fgs = _as_list(t.get("field_groups"), where, "field_groups")
        if fgs is not None:
            unknown = [g for g in fgs if g not in groups]
            if unknown:
                raise PlanError(
                    f"{where}: unknown field group(s) {unknown} (the plan's `field_groups`"
                    f" define: {', '.join(groups) or 'none'})"
                )
        activity = t.get("activity")
        activity = None if activity is None else str(activity)
        if metrics[metric].get("plan_key") == "activity" and activity is None:
            raise PlanError(f"{where}: metric {metric!r} is measured per activity code: `activity` is missing")

        due_raw = t.get("due")
        due_text = (
            None
            if due_raw is None
            else (due_raw.isoformat() if isinstance(due_raw, (dt.date, dt.datetime)) else str(due_raw))
        )
        targets.append(
            {
                "plan_id": plan_id,
                "target_id": tid,
                "section": section,
                "kind": kind,
                "metric_id": metric,
                "metric_unit": unit,
                "threshold": threshold,
                "direction": (t.get("direction") or "at_least") if kind in JUDGED_KINDS else None,
                "reference_value": ref_thr,
                "reference_rule": ref_rule,
                "reference_note": ref_note,
                "activity": activity,
                "task": task,
                "due": due_text,
                "due_date": _as_date(due_raw, where),
                "text": None if t.get("text") is None else str(t.get("text")),
                "short_name": short_name(t.get("short_name"), t.get("text")),
                "scope": scope,
                "field_groups": fgs,
                "sort_order": order,
            }
        )
    fg_rows = [{"plan_id": plan_id, "group_key": k, "ten_linh_vuc": n} for k, names in groups.items() for n in names]
    sections, leads = _sections_and_leads(plan_id, check.plan, targets)
    return {
        "info": info,
        "sections": sections,
        "leads": leads,
        "targets": targets,
        "levels": levels,
        "stages": all_stages,
        "units": all_units,
        "field_groups": fg_rows,
    }


def lead_text(leads: Iterable[Any] | None) -> str | None:
    """The declared leads as people read them: "Sở, ban, ngành; Cấp huyện; Sở Tư pháp"."""
    if not leads:
        return None
    return "; ".join(LEVEL_VI.get(x.level, x.level) if x.key() == "level" else str(getattr(x, x.key())) for x in leads)


def _lead_rows(plan_id: str, target_id: str, role: str, leads: Iterable[Any], from_section: bool) -> list[dict]:
    return [
        {
            "plan_id": plan_id,
            "target_id": target_id,
            "role": role,
            "item_order": i,
            **{k: getattr(x, k) for k in LEAD_KEYS},
            "from_section": from_section,
        }
        for i, x in enumerate(leads, start=1)
    ]


def _sections_and_leads(plan_id: str, plan: Any, targets: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """plan_sections rows, and the declared leads of every target (plan_target_leads): its own
    `chu_tri` / `phoi_hop`, else its section's. Also sets each target row's `section_id`,
    `chu_tri` and `phoi_hop` (the declared text). The agencies they name are found at build
    time (sql/scorecard/plan_target_lead_units): the plan file alone cannot know them."""
    by_id = {s.id: s for s in plan.sections}
    sections = [
        {
            "plan_id": plan_id,
            "section_id": s.id,
            "title": s.title,
            "sort_order": i,
            "chu_tri": lead_text(s.chu_tri),
            "phoi_hop": lead_text(s.phoi_hop),
        }
        for i, s in enumerate(plan.sections, start=1)
    ]
    models = {t.id: t for t in [*plan.targets, *plan.indicators]}
    leads: list[dict] = []
    for row in targets:
        t = models[row["target_id"]]
        sec = by_id.get(t.section) if t.section else None
        row["section_id"] = t.section
        for role in ("chu_tri", "phoi_hop"):
            own = getattr(t, role)
            declared = own if own else (getattr(sec, role) if sec else None)
            row[role] = lead_text(declared)
            leads += _lead_rows(plan_id, row["target_id"], role, declared or [], from_section=not own)
    return sections, leads


_DDL = {
    "plan_info": """CREATE OR REPLACE TABLE plan_info (plan_id VARCHAR, title VARCHAR,
        decision VARCHAR, signed DATE, province_name VARCHAR, gso_code VARCHAR,
        agency_id VARCHAR, year INTEGER, valid_from DATE, valid_to DATE, source_file VARCHAR,
        sort_order INTEGER)""",
    "plan_targets": """CREATE OR REPLACE TABLE plan_targets (plan_id VARCHAR, target_id VARCHAR,
        section VARCHAR, kind VARCHAR, metric_id VARCHAR, metric_unit VARCHAR, threshold DOUBLE,
        direction VARCHAR, reference_value DOUBLE, reference_rule VARCHAR, reference_note VARCHAR, activity VARCHAR, task VARCHAR, due VARCHAR, due_date DATE,
        text VARCHAR, short_name VARCHAR, scope VARCHAR[], field_groups VARCHAR[], sort_order INTEGER, section_id VARCHAR,
        chu_tri VARCHAR, phoi_hop VARCHAR)""",
    "plan_sections": """CREATE OR REPLACE TABLE plan_sections (plan_id VARCHAR, section_id VARCHAR,
        title VARCHAR, sort_order INTEGER, chu_tri VARCHAR, phoi_hop VARCHAR)""",
    "plan_target_leads": """CREATE OR REPLACE TABLE plan_target_leads (plan_id VARCHAR, target_id VARCHAR,
        role VARCHAR, item_order INTEGER, level VARCHAR, loai VARCHAR, ma_don_vi VARCHAR,
        ten_don_vi VARCHAR, from_section BOOLEAN)""",
    "plan_target_levels": """CREATE OR REPLACE TABLE plan_target_levels (plan_id VARCHAR,
        target_id VARCHAR, level VARCHAR, threshold DOUBLE)""",
    "plan_target_stages": """CREATE OR REPLACE TABLE plan_target_stages (plan_id VARCHAR,
        target_id VARCHAR, from_date DATE, threshold DOUBLE)""",
    "plan_target_units": """CREATE OR REPLACE TABLE plan_target_units (plan_id VARCHAR,
        target_id VARCHAR, ma_don_vi VARCHAR, threshold DOUBLE)""",
    "plan_field_groups": """CREATE OR REPLACE TABLE plan_field_groups (plan_id VARCHAR,
        group_key VARCHAR, ten_linh_vuc VARCHAR)""",
}
_COLS = {
    "plan_info": [
        "plan_id",
        "title",
        "decision",
        "signed",
        "province_name",
        "gso_code",
        "agency_id",
        "year",
        "valid_from",
        "valid_to",
        "source_file",
        "sort_order",
    ],
    "plan_targets": [
        "plan_id",
        "target_id",
        "section",
        "kind",
        "metric_id",
        "metric_unit",
        "threshold",
        "direction",
        "reference_value",
        "reference_rule",
        "reference_note",
        "activity",
        "task",
        "due",
        "due_date",
        "text",
        "short_name",
        "scope",
        "field_groups",
        "sort_order",
        "section_id",
        "chu_tri",
        "phoi_hop",
    ],
    "plan_sections": ["plan_id", "section_id", "title", "sort_order", "chu_tri", "phoi_hop"],
    "plan_target_leads": [
        "plan_id",
        "target_id",
        "role",
        "item_order",
        "level",
        "loai",
        "ma_don_vi",
        "ten_don_vi",
        "from_section",
    ],
    "plan_target_levels": ["plan_id", "target_id", "level", "threshold"],
    "plan_target_stages": ["plan_id", "target_id", "from_date", "threshold"],
    "plan_target_units": ["plan_id", "target_id", "ma_don_vi", "threshold"],
    "plan_field_groups": ["plan_id", "group_key", "ten_linh_vuc"],
}

# Vietnamese comments and sensitivity class of each plan table (applied where they are created)
PLAN_TABLES: dict[str, TableDoc] = {
    "plan_info": TableDoc(
        "Kế hoạch được đánh giá: tên, quyết định ban hành, tỉnh, năm (mỗi tệp kế hoạch một dòng)",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch (vd. hatinh-2022)",
            "title": "Tên kế hoạch",
            "decision": "Số quyết định ban hành kế hoạch (vd. 123/QĐ-UBND)",
            "signed": "Ngày ký quyết định",
            "province_name": "Tên tỉnh",
            "gso_code": "Mã tỉnh theo danh mục đơn vị hành chính (Tổng cục Thống kê), vd. 42",
            "agency_id": "Mã định danh đơn vị của UBND tỉnh (vd. 000.00.00.H27)",
            "year": "Năm thực hiện kế hoạch",
            "valid_from": "Ngày đầu hiệu lực: kế hoạch chỉ đánh giá các kỳ nằm trong thời gian hiệu lực (mặc định 01/01 của năm)",
            "valid_to": "Ngày cuối hiệu lực (mặc định 31/12 của năm); trống cả hai: mọi kỳ",
            "source_file": "Tệp kế hoạch (YAML) đã nạp",
            "sort_order": "Thứ tự tệp kế hoạch trong lần chạy (1 = kế hoạch của lần chạy, xem run_params)",
        },
    ),
    "plan_targets": TableDoc(
        "Mục tiêu, chỉ tiêu của kế hoạch (từ tệp kế hoạch): loại, chỉ số đo, ngưỡng, phạm vi, "
        "thời hạn (Mỗi dòng: một mục tiêu)",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "target_id": "Mã mục tiêu trong kế hoạch (vd. P2.1, P1.I.4)",
            "section": "Phần của tệp kế hoạch: targets (mục tiêu) hoặc indicators (chỉ tiêu theo dõi thêm)",
            "kind": "Loại mục tiêu: ratio (tỷ lệ có ngưỡng), count (số đếm có ngưỡng), tracking (chỉ theo dõi), milestone (mốc nhiệm vụ có hạn)",
            "metric_id": "Mã chỉ số đo mục tiêu (xem dim_metric; mốc nhiệm vụ: task_completion_rate)",
            "metric_unit": "Đơn vị của chỉ số: ratio (tỷ lệ) hoặc count (số đếm)",
            "threshold": "Ngưỡng phải đạt: tỷ lệ 0–1, với mục tiêu số đếm là số lần (trống khi chỉ có ngưỡng theo cấp, theo giai đoạn hoặc không có ngưỡng)",
            "direction": "Hướng của ngưỡng: at_least (đạt khi giá trị ≥ ngưỡng) hoặc at_most (đạt khi giá trị ≤ ngưỡng); trống với mục tiêu không có ngưỡng",
            "reference_value": "Mức tham chiếu (tỷ lệ 0–1) theo văn bản khác, không phải ngưỡng của kế hoạch",
            "reference_rule": "Căn cứ của mức tham chiếu (văn bản, quy định), như ghi trong tệp kế hoạch",
            "reference_note": "Ghi chú về mức tham chiếu (vd. kết quả năm trước), như ghi trong tệp kế hoạch",
            "activity": "Mã hoạt động đo bằng regulatory_activity_count (vd. tham_dinh, kiem_tra)",
            "task": "Mã nhiệm vụ trong sổ theo dõi nhiệm vụ (NHIEMVU) của mốc",
            "due": 'Thời hạn như ghi trong kế hoạch ("2022" = thường xuyên trong năm, hoặc một ngày)',
            "due_date": "Ngày đến hạn (thời hạn là năm: ngày 31/12 của năm đó)",
            "text": "Nội dung mục tiêu như trong kế hoạch",
            "short_name": "Tên ngắn của mục tiêu trên các trang báo cáo (short_name của tệp kế hoạch; không có thì là mấy chữ đầu của nội dung)",
            "scope": "Các cấp đơn vị áp dụng (tinh, huyen, xa, tw); trống = mọi cấp",
            "field_groups": "Các nhóm lĩnh vực phải đạt ngưỡng riêng từng nhóm (group_key của plan_field_groups); trống = không tách nhóm",
            "sort_order": "Thứ tự mục tiêu trong tệp kế hoạch",
            "section_id": "Mã phần của kế hoạch chứa mục tiêu (plan_sections); trống khi kế hoạch không chia phần",
            "chu_tri": "Cơ quan chủ trì như kế hoạch ghi (cấp, loại, mã hoặc tên đơn vị; của mục tiêu, nếu không thì của phần)",
            "phoi_hop": "Cơ quan phối hợp như kế hoạch ghi",
        },
    ),
    "plan_sections": TableDoc(
        "Các phần (đề mục) của kế hoạch, theo tiêu đề của chính kế hoạch; báo cáo trình bày mục tiêu theo phần",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "section_id": "Mã phần (vd. PL1.I)",
            "title": "Tiêu đề của phần như trong kế hoạch",
            "sort_order": "Thứ tự của phần trong kế hoạch",
            "chu_tri": "Cơ quan chủ trì chung của phần (áp dụng cho mục tiêu không ghi riêng)",
            "phoi_hop": "Cơ quan phối hợp chung của phần",
        },
    ),
    "plan_target_leads": TableDoc(
        "Cơ quan chủ trì, phối hợp của mục tiêu như kế hoạch ghi: mỗi dòng một mục (cấp, loại đơn vị, mã hoặc tên đơn vị)",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "target_id": "Mã mục tiêu",
            "role": "Vai trò: chu_tri (chủ trì) hoặc phoi_hop (phối hợp)",
            "item_order": "Thứ tự của mục trong danh sách",
            "level": "Cấp đơn vị (tinh, huyen, xa, tw): mọi đơn vị của cấp, trừ UBND tỉnh và đơn vị trực thuộc đơn vị cùng cấp",
            "loai": "Loại đơn vị (DONVI loai, vd. Sở, ban, ngành)",
            "ma_don_vi": "Mã định danh đơn vị",
            "ten_don_vi": "Tên đơn vị như kế hoạch ghi (so khớp với tên trong danh mục đơn vị)",
            "from_section": "Đúng khi mục lấy từ phần chứa mục tiêu (mục tiêu không ghi riêng)",
        },
    ),
    "plan_target_levels": TableDoc(
        "Ngưỡng theo cấp đơn vị của mục tiêu (threshold_by_level), vd. 50% cấp tỉnh, 40% cấp huyện, 35% cấp xã",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "target_id": "Mã mục tiêu trong kế hoạch",
            "level": "Cấp đơn vị (tinh, huyen, xa, tw)",
            "threshold": "Ngưỡng phải đạt ở cấp này, tỷ lệ 0–1",
        },
    ),
    "plan_target_stages": TableDoc(
        "Ngưỡng theo giai đoạn của mục tiêu (stages): ngưỡng áp dụng cho các kỳ kết thúc từ ngày from_date",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "target_id": "Mã mục tiêu trong kế hoạch",
            "from_date": "Ngày bắt đầu áp dụng: kỳ có ngày cuối từ ngày này trở đi",
            "threshold": "Ngưỡng phải đạt của giai đoạn (tỷ lệ 0–1, hoặc số lần với mục tiêu số đếm)",
        },
    ),
    "plan_target_units": TableDoc(
        "Ngưỡng riêng của đơn vị (threshold_by_unit): áp dụng cho đơn vị đó và các đơn vị trực thuộc (xã của huyện)",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "target_id": "Mã mục tiêu trong kế hoạch",
            "ma_don_vi": "Mã định danh đơn vị (huyện: áp dụng cả cho các xã có ma_don_vi_cha là mã này)",
            "threshold": "Ngưỡng phải đạt của đơn vị (tỷ lệ 0–1, hoặc số lần với mục tiêu số đếm)",
        },
    ),
    "plan_field_groups": TableDoc(
        "Nhóm lĩnh vực của kế hoạch: các tên lĩnh vực thuộc mỗi nhóm, so khớp với ten_linh_vuc của hồ sơ",
        "cong_khai",
        {
            "plan_id": "Mã kế hoạch",
            "group_key": "Mã nhóm lĩnh vực (vd. dat_dai, xay_dung)",
            "ten_linh_vuc": "Tên lĩnh vực thuộc nhóm (chuẩn NFC, chữ thường)",
        },
    ),
}

_ARROW_TYPES = {
    "VARCHAR": "string",
    "DATE": "date32",
    "DOUBLE": "float64",
    "INTEGER": "int32",
    "VARCHAR[]": "list<string>",
    "BOOLEAN": "bool",
}


def _insert(con, table: str, rows: list[dict[str, Any]]) -> None:
    """Append rows in one statement (an Arrow table: executemany is slow in DuckDB)."""
    if not rows:
        return
    types = dict(
        con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()
    )
    cols = _COLS[table]
    pa_type = {
        "string": pa.string(),
        "date32": pa.date32(),
        "float64": pa.float64(),
        "int32": pa.int32(),
        "list<string>": pa.list_(pa.string()),
        "bool": pa.bool_(),
    }
    schema = pa.schema([(c, pa_type[_ARROW_TYPES[types[c]]]) for c in cols])
    data = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows], schema=schema)
    view = f"_plan_rows_{table}"
    con.register(view, data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)


def plan_id_of(path: str | os.PathLike) -> str | None:
    """The `plan.id` written in a plan file (None when the file has none or cannot be read)."""
    try:
        doc = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader) or {}
        pid = (doc.get("plan") or {}).get("id") if isinstance(doc, dict) else None
    except (OSError, yaml.YAMLError, AttributeError):
        return None
    return None if pid is None else str(pid)


def choose_run_plan(paths: Iterable[str | os.PathLike], plan_id: str | None) -> list[Path]:
    """The plan files with the run's plan first (`motcua run --plan ID`, `MOTCUA_PLAN`): the
    first file is the run's plan (run_params.plan_id, plan_info.sort_order 1), whose province and
    decision the reports and forms print. No `plan_id`: the order given, unchanged. A `plan_id`
    that no file has is an error, never a silent fallback to another plan."""
    paths = [Path(p) for p in paths]
    if plan_id is None:
        return paths
    chosen = [p for p in paths if plan_id_of(p) == plan_id]
    if not chosen:
        known = ", ".join(i for i in (plan_id_of(p) for p in paths) if i) or "không có"
        raise PlanError(f'không có kế hoạch "{plan_id}" trong các tệp kế hoạch (các kế hoạch: {known})')
    return chosen[:1] + [p for p in paths if p != chosen[0]]


def _field_group_conflicts(parsed: list[dict[str, Any]]) -> list[str]:
    """The group keys that two plans define with different field names.

    satisfaction_rate_by_field_group counts a dossier under a group key (metric_facts has no
    plan_id): two plans giving one key different fields would pool them, and each plan's
    scorecard would then depend on the other plan. Refused until the metric is keyed by plan."""
    seen: dict[str, tuple[str, set[str]]] = {}
    out = []
    for p in parsed:
        names: dict[str, set[str]] = {}
        for row in p["field_groups"]:
            names.setdefault(row["group_key"], set()).add(row["ten_linh_vuc"])
        for key, ns in names.items():
            first = seen.setdefault(key, (p["info"]["plan_id"], ns))
            if first[1] != ns:
                out.append(
                    f'nhóm lĩnh vực "{key}" của kế hoạch {p["info"]["plan_id"]} khác nhóm cùng mã của kế hoạch'
                    f" {first[0]} ({', '.join(sorted(ns))} / {', '.join(sorted(first[1]))}): đặt mã nhóm khác"
                )
    return out


def load_plans(
    con, plan_paths: Iterable[str | os.PathLike] | str | os.PathLike | None = None, sql_dir: Path = SQL_DIR
) -> list[str]:
    """Validate the plan file(s) and (re)create the plan tables on `con`.

    `plan_paths`: one path or a list (default: plans/hatinh-2022.yaml). Every file is validated
    before anything is written. Returns the plan ids in the order given (the first is the run's
    plan). Two files with the same plan id are refused.
    """
    if plan_paths is None:
        paths = [DEFAULT_PLAN]
    elif isinstance(plan_paths, (str, os.PathLike)):
        paths = [Path(plan_paths)]
    else:
        paths = [Path(p) for p in plan_paths]
    metrics = known_metrics(sql_dir)
    parsed = [parse_plan(p, metrics) for p in paths]
    ids = [p["info"]["plan_id"] for p in parsed]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise PlanError(f"plan id(s) {sorted(dup)} given by more than one file: {[str(p) for p in paths]}")
    conflicts = _field_group_conflicts(parsed)
    if conflicts:
        raise PlanError("\n".join(conflicts))
    for table, ddl in _DDL.items():
        con.execute(ddl)
        document_table(con, table, PLAN_TABLES[table])
    for i, p in enumerate(parsed, start=1):
        _insert(con, "plan_info", [{**p["info"], "sort_order": i}])
        _insert(con, "plan_targets", p["targets"])
        _insert(con, "plan_sections", p["sections"])
        _insert(con, "plan_target_leads", p["leads"])
        _insert(con, "plan_target_levels", p["levels"])
        _insert(con, "plan_target_stages", p["stages"])
        _insert(con, "plan_target_units", p["units"])
        _insert(con, "plan_field_groups", p["field_groups"])
    return ids
