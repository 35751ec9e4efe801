"""Words for codes: what the pages print instead of an id or a code (issue 17, "words
everywhere"). Every label comes from the data the page reads: a target's `short_name` (the plan),
a field group's names (plan_field_groups), an activity's target, a level's `ten_cap` (dim_level),
a check's title (its `checks.sql` line); the few fixed vocabularies (statuses, severities,
entities) are the glossary's (docs/glossary.md)."""

from __future__ import annotations

from typing import Any

from pipelines.contract import LEVEL_VI
from pipelines.warehouse.plan import short_name as plan_short_name

# docs/glossary.md, "Thực thể dữ liệu"
ENTITY_VI = {
    "hoso": "Hồ sơ TTHC",
    "tientrinh": "Tiến trình xử lý hồ sơ",
    "danhgia": "Đánh giá mức độ hài lòng",
    "thanhtoan": "Giao dịch thanh toán",
    "tthc": "Danh mục TTHC",
    "donvi": "Danh mục cơ quan, đơn vị",
    "pakn": "Phản ánh, kiến nghị",
    "rasoat": "Kết quả rà soát, đơn giản hóa TTHC",
    "nhiemvu": "Sổ theo dõi nhiệm vụ",
    "baocao": "Báo cáo định kỳ",
    "tailieunop": "Tài liệu nộp kèm hồ sơ",
    "giaytoketqua": "Giấy tờ kết quả",
    "lephi": "Phí, lệ phí của hồ sơ",
    "tthc_donvi": "TTHC áp dụng tại đơn vị",
}
# a check's severity (sql/README.md): fail stops the publication, warn is reported
SEVERITY_VI = {"fail": "Lỗi (không công bố)", "warn": "Cảnh báo"}


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _columns(con, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
        ).fetchall()
    }


def field_group_label(names: list[str]) -> str:
    """A field group's words from its field names (plan_field_groups, lower case): the words all
    its names start with ("đầu tư tại việt nam", "đầu tư bằng vốn …" → "đầu tư"), else the
    shortest name found inside most of the others ("xây dựng" in "hoạt động xây dựng", …)."""
    names = [" ".join(str(n).split()) for n in names if str(n).strip()]
    if not names:
        return ""
    split = [n.split() for n in names]
    common: list[str] = []
    for words in zip(*split):
        if len(set(words)) > 1:
            break
        common.append(words[0])
    if common:
        return " ".join(common).rstrip(",")
    return min(names, key=lambda n: (-sum(n in other for other in names), len(n), n))


class Words:
    """The labels of one database (a run's plan): targets, activities, field groups, levels."""

    def __init__(self, con, plan_id: str | None = None):
        tables = _tables(con)
        self.targets: dict[str, str] = {}
        self.activities: dict[str, str] = {}
        self.field_groups: dict[str, str] = {}
        self.levels: dict[str, str] = dict(LEVEL_VI)
        if "dim_level" in tables:
            self.levels.update(dict(con.execute("SELECT level, ten_cap FROM dim_level").fetchall()))
        where, params = ("WHERE t.plan_id = ?", [plan_id]) if plan_id else ("", [])
        if "plan_targets" in tables:
            has_short = "short_name" in _columns(con, "plan_targets")
            metric_name = "m.ten_chi_so" if "dim_metric" in tables else "NULL"
            join = "LEFT JOIN dim_metric m ON m.metric_id = t.metric_id" if "dim_metric" in tables else ""
            rows = con.execute(
                f"""SELECT t.target_id, {"t.short_name" if has_short else "NULL"}, t.text, {metric_name},
                           t.activity
                    FROM plan_targets t {join} {where} ORDER BY t.sort_order""",
                params,
            ).fetchall()
            for tid, short, text, metric, activity in rows:
                name = short or plan_short_name(None, text) or metric or ""
                self.targets.setdefault(tid, name)
                if activity:
                    self.activities.setdefault(activity, name)
        if "plan_field_groups" in tables:
            groups: dict[str, list[str]] = {}
            fg_where = "WHERE plan_id = ?" if plan_id else ""
            for key, name in con.execute(
                f"SELECT group_key, ten_linh_vuc FROM plan_field_groups {fg_where} ORDER BY group_key", params
            ).fetchall():
                groups.setdefault(key, []).append(name)
            self.field_groups = {k: field_group_label(v) for k, v in groups.items()}

    def target(self, target_id: Any) -> str:
        """The id followed by its short name ("<id> 70% hồ sơ luân chuyển …"): an id is never
        printed without its name."""
        tid = str(target_id)
        name = self.targets.get(tid, "")
        return f"{tid} {name}".strip()

    def name(self, target_id: Any) -> str:
        return self.targets.get(str(target_id), "")

    def group(self, key: Any, target_id: Any = None) -> str:
        """A group key in words: a field group → 'nhóm lĩnh vực xây dựng'; an activity code → its
        target's name; '' for none, or for the target's own activity (its name says it)."""
        if key is None or not isinstance(key, str) or not key or key == target_id:
            return ""
        if key in self.field_groups:
            return f"nhóm lĩnh vực {self.field_groups[key]}"
        if key in self.activities:
            tid_name = self.targets.get(str(target_id), None) if target_id is not None else None
            return "" if tid_name == self.activities[key] else self.activities[key]
        return key

    def level(self, code: Any) -> str:
        return self.levels.get(str(code), str(code)) if code is not None else ""
