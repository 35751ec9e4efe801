"""The plan file's schema (plans/*.yaml) and its validation: every error, with file, line and target.

A province's office writes its plan as a YAML file; a misspelt or unsupported key must be refused,
not ignored (an ignored `threshold_by_district` would apply one threshold everywhere). This module
says what a plan file may contain (`PlanFile`, `Target`, `Indicator` ... with `extra="forbid"`
everywhere) and `check_plan_file(path)` gives back every problem at once, each naming the file,
the line and the target, in Vietnamese:

    plans/x.yaml dòng 42, mục tiêu P2.1: khóa không hợp lệ "threshold_by_district"

The format is documented key by key in docs/plan-format.md; `pipelines/warehouse/plan.py` calls
`check_plan_file` before it reads a plan, and `motcua plan check FILE...` prints its result.

Why pydantic v2 rather than JSON Schema (both are in the environment through Prefect):
- each key's rule is a small Python function beside the key, with the project's own Vietnamese
  message (`PydanticCustomError`); JSON Schema's messages are English sentences that would have
  to be parsed back, and "a year or a date" or "a share between 0 and 1, not 70%" need custom
  formats there anyway;
- pydantic's error `loc` is a path of keys and list indices that maps directly onto the YAML
  nodes, which is how each message gets its line;
- the plan's rules that cross keys (a ratio target needs a threshold, a threshold per level only
  for levels of the scope, a milestone needs a due date) are plain Python over the validated
  models, in the same module, rather than JSON Schema `if/then` blocks.

Lines come from the YAML node tree (`compose`): an error's `loc` is followed down the nodes to the
key it names (or to the closest mapping that exists, for a missing key).

A flow-style target `{ id: P1.I.2, text: Chỉ đạo, hướng dẫn, … }` with an unquoted text is split
by YAML at its commas into keys with no value; in a flow mapping only, such empty unknown keys
after `text` are read as the rest of the text (as `plan.mend_flow_text` does), never as unknown
keys. In block style an unknown key with no value is an error like any other.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

KINDS = ("ratio", "count", "tracking", "milestone")
LEVELS = ("tinh", "huyen", "xa", "tw")
MILESTONE_METRIC = "task_completion_rate"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Keys the plan format will have (docs/plan-format.md, "Planned"): refused with "chưa hỗ trợ"
# until something stores and shows them, so a plan using them is never read as if they were not
# there. None today (`chu_tri` is stored and shown since issue 14).
PLANNED_KEYS: dict[str, str] = {}
# An item of `chu_tri` / `phoi_hop` names agencies by one of these (the columns of dim_agency
# they are matched with; docs/plan-format.md, "Lead units")
LEAD_KEYS = ("level", "loai", "ma_don_vi", "ten_don_vi")
_UNIT_CODE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)+$")  # 000.00.12.H27
PLANNED_KINDS: dict[str, str] = {}
DIRECTIONS = ("at_least", "at_most")
JUDGED_KINDS = ("ratio", "count")  # the kinds with a threshold: dat / chua_dat


# ---------------------------------------------------------------------------------------------
# Value types: each raises its own Vietnamese message (the key is named by the caller)


def _err(code: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(f"plan_{code}", message, ctx or None)


def _text(v: Any) -> str:
    # Only YAML strings: `id: 2.10` would be read as the number 2.1, `decision: 461` as 461.
    if isinstance(v, str):
        return v
    raise _err("text", "phải là văn bản, không phải {value} (đặt trong ngoặc kép)", value=repr(v))


def _code(v: Any) -> str:
    s = _text(v)
    if not s.strip():
        raise _err("empty", "không được để trống")
    return s


def _share(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        hint = " (viết 0.70 cho 70%)" if isinstance(v, str) and v.strip().endswith("%") else ""
        raise _err("share_type", "phải là một số từ 0 đến 1, không phải {value}" + hint, value=repr(v))
    if not 0.0 <= float(v) <= 1.0:
        raise _err(
            "share_range",
            "{value} phải là một tỷ lệ từ 0 đến 1 (0.70 = 70%)",
            value=repr(v),
        )
    return float(v)


def _number(v: Any) -> float:
    """A threshold before its kind is known: a number ≥ 0 (a share for ratio, a whole count for
    count: `_threshold_rules` says which)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        hint = " (viết 0.70 cho 70%)" if isinstance(v, str) and v.strip().endswith("%") else ""
        raise _err(
            "number_type",
            "phải là một số (tỷ lệ từ 0 đến 1, hoặc số lần với kind: count), không phải {value}" + hint,
            value=repr(v),
        )
    if v < 0:
        raise _err("number_range", "{value} phải là một số không âm", value=repr(v))
    return float(v) if isinstance(v, float) else v


def _date(v: Any) -> str:
    """A day written YYYY-MM-DD (YAML reads it as a date)."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip()).isoformat()
        except ValueError:
            pass
    raise _err("date", "phải là một ngày YYYY-MM-DD (vd. 2022-06-30), không phải {value}", value=repr(v))


def _direction(v: Any) -> str:
    if v in DIRECTIONS:
        return v
    raise _err("direction", "hướng {value} không hợp lệ (chấp nhận: at_least, at_most)", value=repr(v))


def _year(v: Any) -> int:
    if isinstance(v, str) and len(v.strip()) == 4 and v.strip().isdigit():
        v = int(v.strip())
    if isinstance(v, bool) or not isinstance(v, int) or not 1900 <= v <= 2100:
        raise _err("year", "phải là một năm (vd. 2022), không phải {value}", value=repr(v))
    return v


def _due(v: Any) -> str:
    """A due date as written: a year ("2022", quoted or not) or a date (2022-06-30)."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, int) and not isinstance(v, bool):
        return str(_year(v))
    if isinstance(v, str):
        s = v.strip()
        if len(s) == 4 and s.isdigit():
            return str(_year(s))
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            pass
    raise _err("due", "phải là một năm (2022) hoặc một ngày (2022-06-30), không phải {value}", value=repr(v))


def _kind(v: Any) -> str:
    if v in KINDS:
        return v
    if isinstance(v, str) and v in PLANNED_KINDS:
        raise _err("planned_kind", "loại {value} chưa hỗ trợ ({what})", value=repr(v), what=PLANNED_KINDS[v])
    raise _err("kind", "loại {value} không hợp lệ (chấp nhận: {kinds})", value=repr(v), kinds=", ".join(KINDS))


def _level(v: Any) -> str:
    if v in LEVELS:
        return v
    raise _err("level", "cấp {value} không hợp lệ (các cấp: {levels})", value=repr(v), levels=", ".join(LEVELS))


def _one_or_many(v: Any) -> Any:
    # `scope: tinh` and `field_groups: dat_dai` mean a list of one
    return [v] if isinstance(v, str) else v


def _non_empty_unique(v: list[Any]) -> list[Any]:
    if not v:
        raise _err("empty_list", "phải có ít nhất một phần tử")
    return list(dict.fromkeys(v))  # repeats dropped, in order


def _lead(v: Any) -> Any:
    """A bare item of `chu_tri` / `phoi_hop`: a level (`huyen`) or a unit code (`"000.00.12.H27"`);
    a name or a unit type must say so (`ten_don_vi: …`, `loai: …`), so that a misspelt level is
    an error rather than a unit that matches nothing."""
    if not isinstance(v, str):
        return v
    s = v.strip()
    if s in LEVELS:
        return {"level": s}
    if _UNIT_CODE.match(s):
        return {"ma_don_vi": s}
    raise _err(
        "lead",
        "{value} không phải cấp ({levels}) hay mã đơn vị; tên đơn vị viết ten_don_vi: …, loại đơn vị viết loai: …",
        value=repr(v),
        levels=", ".join(LEVELS),
    )


def _one_lead_or_many(v: Any) -> Any:
    # `chu_tri: huyen` and `chu_tri: { ten_don_vi: Sở Tư pháp }` mean a list of one
    return [v] if isinstance(v, (str, dict)) else v


def _bare_reference(v: Any) -> Any:
    # `reference: 0.9` is short for `reference: { threshold: 0.9 }`
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return {"threshold": v}
    return v


Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_code)]
Share = Annotated[float, BeforeValidator(_share)]
Year = Annotated[int, BeforeValidator(_year)]
Due = Annotated[str, BeforeValidator(_due)]
Kind = Annotated[str, BeforeValidator(_kind)]
Level = Annotated[str, BeforeValidator(_level)]
Scope = Annotated[list[Level], BeforeValidator(_one_or_many), AfterValidator(_non_empty_unique)]
GroupKeys = Annotated[list[Code], BeforeValidator(_one_or_many), AfterValidator(_non_empty_unique)]
FieldNames = Annotated[list[Text], BeforeValidator(_one_or_many), AfterValidator(_non_empty_unique)]
Number = Annotated[float | int, BeforeValidator(_number)]
Day = Annotated[str, BeforeValidator(_date)]
Direction = Annotated[str, BeforeValidator(_direction)]


# ---------------------------------------------------------------------------------------------
# The schema


class _Strict(BaseModel):
    """Every mapping of a plan file: an unknown key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Province(_Strict):
    name: Text | None = None
    gso_code: Code | None = None  # text: `42` unquoted would be a number (and `042` octal in YAML 1.1)
    agency_id: Code | None = None


class PlanHeader(_Strict):
    id: Code
    title: Text | None = None
    decision: Text | None = None
    signed: Due | None = None  # a date; a bare year is read as 31/12 of it by plan.py
    province: Province | None = None
    year: Year | None = None
    # validity: the plan scores only the periods inside it; each defaults to its end of `year`
    valid_from: Day | None = None
    valid_to: Day | None = None


class Reference(_Strict):
    """A level from another document ("mức tham chiếu"), never the plan's threshold."""

    threshold: Share | None = None
    rule: Text | None = None
    note: Text | None = None


class Stage(_Strict):
    """A threshold from a date on: it applies to the periods that end on or after `from`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: Day = Field(alias="from")
    threshold: Number


class Lead(_Strict):
    """One item of `chu_tri` / `phoi_hop`: agencies by level, by type (DONVI `loai`), by code or
    by name (DONVI `ten_don_vi`), exactly one of them."""

    level: Level | None = None
    loai: Code | None = None
    ma_don_vi: Code | None = None
    ten_don_vi: Code | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Lead:
        given = [k for k in LEAD_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            raise _err(
                "lead_keys",
                "mỗi đơn vị chủ trì/phối hợp ghi đúng một trong {keys} (có {n})",
                keys=", ".join(LEAD_KEYS),
                n=len(given),
            )
        return self

    def key(self) -> str:
        return next(k for k in LEAD_KEYS if getattr(self, k) is not None)


Leads = Annotated[
    list[Annotated[Lead, BeforeValidator(_lead)]],
    BeforeValidator(_one_lead_or_many),
    AfterValidator(_non_empty_unique),
]


class Section(_Strict):
    """A heading of the plan (`sections:`): the reports show its targets under its title."""

    id: Code
    title: Code
    chu_tri: Leads | None = None  # the default of its targets that name none
    phoi_hop: Leads | None = None


class Target(_Strict):
    id: Code
    text: Text | None = None
    short_name: Text | None = None  # the pages' name of the target (docs/plan-format.md)
    kind: Kind
    metric: Code | None = None
    threshold: Number | None = None
    threshold_by_level: dict[Level, Number] | None = None
    direction: Direction | None = None
    stages: Annotated[list[Stage], Field(min_length=1)] | None = None
    threshold_by_unit: dict[Code, Number] | None = None
    scope: Scope | None = None
    due: Due | None = None
    task: Code | None = None
    activity: Code | None = None
    reference: Annotated[Reference | None, BeforeValidator(_bare_reference)] = None
    field_groups: GroupKeys | None = None
    note: Text | None = None
    section: Code | None = None  # an id of `sections:`
    chu_tri: Leads | None = None  # the plan's "Cơ quan chủ trì"
    phoi_hop: Leads | None = None  # its "Cơ quan phối hợp"


class Indicator(Target):
    """An item of `indicators:`: a figure tracked beside the plan; `kind` defaults to tracking."""

    kind: Kind = "tracking"


class PlanFile(_Strict):
    plan: PlanHeader
    targets: Annotated[list[Target], Field(min_length=1)]
    indicators: list[Indicator] = []
    field_groups: dict[Code, FieldNames] = {}
    sections: list[Section] = []


SECTIONS = {"targets": Target, "indicators": Indicator}
KNOWN_TARGET_KEYS = frozenset(Target.model_fields)


# ---------------------------------------------------------------------------------------------
# Errors with their line


@dataclass(frozen=True)
class PlanIssue:
    """One problem of a plan file: where it is and what is wrong (Vietnamese)."""

    file: str
    line: int | None
    target: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file} dòng {self.line}"
        if self.target:
            where += f", mục tiêu {self.target}"
        return f"{where}: {self.message}"


@dataclass
class PlanCheck:
    """The result of checking one file: the issues, and the validated plan when there are none."""

    file: str
    issues: list[PlanIssue]
    plan: PlanFile | None = None

    @property
    def ok(self) -> bool:
        return not self.issues


Loc = tuple[str | int, ...]


def _key_text(node: yaml.Node) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


def _line_of(root: yaml.Node | None, loc: Loc) -> int | None:
    """1-based line of the deepest node of `loc` that exists: the key's line for a mapping entry,
    the item's line for a list item; a missing key gives its mapping's line."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if _key_text(k) == str(step)), None)
            if hit is None:
                break
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if _key_text(k) == key:
                return v
    return None


def _is_empty_plain(node: yaml.Node) -> bool:
    """A key written with no value at all (`hướng dẫn,` inside a flow mapping)."""
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value == ""


def _text_pieces(node: yaml.Node) -> list[str]:
    """The keys of a flow-style target that are the rest of an unquoted text (module docstring)."""
    if not isinstance(node, yaml.MappingNode) or not node.flow_style:
        return []
    pieces, after_text = [], False
    for k, v in node.value:
        key = _key_text(k)
        if key == "text":
            after_text = True
        elif after_text and key not in KNOWN_TARGET_KEYS and _is_empty_plain(v):
            pieces.append(key)
    return pieces


def _mend_targets(data: dict[str, Any], root: yaml.Node) -> dict[str, Any]:
    """A copy of the document where each flow-style target's text has its pieces back."""
    out = dict(data)
    for section in SECTIONS:
        items, seq = data.get(section), _child(root, section)
        if not isinstance(items, list) or not isinstance(seq, yaml.SequenceNode):
            continue
        mended = []
        for item, node in zip(items, seq.value, strict=False):
            pieces = _text_pieces(node)
            if pieces and isinstance(item, dict) and isinstance(item.get("text"), str):
                item = {k: v for k, v in item.items() if k not in pieces}
                item["text"] = ", ".join([str(item["text"]).rstrip(), *(p.strip() for p in pieces)])
            mended.append(item)
        out[section] = mended
    return out


def _duplicate_keys(node: yaml.Node, path: Loc = ()) -> Iterable[tuple[Loc, str]]:
    """YAML keeps the last of two equal keys and drops the first silently: report it."""
    if isinstance(node, yaml.MappingNode):
        pieces = set(_text_pieces(node))
        seen: dict[str, int] = {}
        for k, v in node.value:
            key = _key_text(k)
            if key in seen and key not in pieces:
                yield (
                    (*path, key),
                    f'khóa "{_dotted((*path, key))}" viết hai lần (dòng {seen[key]} và dòng'
                    f" {k.start_mark.line + 1}); YAML chỉ giữ giá trị sau",
                )
            seen.setdefault(key, k.start_mark.line + 1)
            yield from _duplicate_keys(v, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, i))


def _dotted(loc: Loc) -> str:
    """`targets.3.reference.threshold` → `reference.threshold` inside a target; list items as [i]."""
    if len(loc) >= 2 and loc[0] in SECTIONS and isinstance(loc[1], int):
        loc = loc[2:]
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _message(err: Mapping[str, Any], known: Iterable[str]) -> str:
    """Vietnamese text of one pydantic error, naming the key."""
    loc = tuple(s for s in err["loc"] if s != "[key]")
    key = _dotted(loc)
    typ = err["type"]
    if typ == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), list(known), n=1)
        hint = f' (có phải "{close[0]}"?)' if close else ""
        if loc[-1] == "until" and len(loc) >= 2 and isinstance(loc[-2], int):
            # the first draft of the format ("until"): a stage now starts at its date
            hint = ' (giai đoạn viết "from": ngưỡng áp dụng cho các kỳ kết thúc từ ngày đó)'

        return f'khóa không hợp lệ "{key}"{hint}'
    if typ == "missing":
        return f'thiếu khóa "{key}"'
    if typ.startswith("plan_"):
        return f'"{key}": {err["msg"]}' if key else err["msg"]
    what = {
        "model_type": "phải là một ánh xạ (các dòng khóa: giá trị)",
        "model_attributes_type": "phải là một ánh xạ (các dòng khóa: giá trị)",
        "dict_type": "phải là một ánh xạ (các dòng khóa: giá trị)",
        "list_type": "phải là một danh sách",
        "too_short": "phải có ít nhất một phần tử",
    }.get(typ, f"giá trị không hợp lệ ({err['msg']})")
    subject = f'"{key}"' if key else ("mục tiêu" if loc else "tệp kế hoạch")
    return f"{subject} {what}"


def _known_keys(loc: Loc) -> Iterable[str]:
    """The keys allowed beside an unknown one, for the "có phải …?" hint."""
    parent = loc[:-1]
    if not parent:
        return PlanFile.model_fields
    if parent[0] in SECTIONS and len(parent) == 2:
        return [k for k in Target.model_fields if k not in PLANNED_KEYS]
    if len(parent) >= 2 and parent[-2] == "stages":
        return ("from", "threshold")
    if len(parent) >= 2 and parent[-2] in ("chu_tri", "phoi_hop"):
        return LEAD_KEYS
    if parent[0] == "sections" and len(parent) == 2:
        return Section.model_fields
    return {
        ("plan",): PlanHeader.model_fields,
        ("plan", "province"): Province.model_fields,
    }.get(parent, Reference.model_fields if parent[-1] == "reference" else ())


# ---------------------------------------------------------------------------------------------
# Rules across keys, over the validated targets


def _vn_day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def _thresholds(t: Target) -> Iterable[tuple[Loc, float | int]]:
    """(loc inside the target, value) of every threshold the target sets."""
    if t.threshold is not None:
        yield ("threshold",), t.threshold
    for lv, x in (t.threshold_by_level or {}).items():
        yield ("threshold_by_level", lv), x
    for i, st in enumerate(t.stages or []):
        yield ("stages", i, "threshold"), st.threshold
    for unit, x in (t.threshold_by_unit or {}).items():
        yield ("threshold_by_unit", unit), x


def _threshold_rules(t: Target) -> Iterable[tuple[Loc, str]]:
    """A ratio's thresholds are shares (0–1), a count's whole numbers; stages in date order."""
    for loc, x in _thresholds(t):
        if t.kind == "ratio" and not 0 <= x <= 1:
            msg = f"{x!r} phải là một tỷ lệ từ 0 đến 1 (0.70 = 70%); mục tiêu số đếm viết kind: count"
            yield loc, f'"{_dotted(loc)}": {msg}'
        if t.kind == "count" and not float(x).is_integer():
            yield loc, f'"{_dotted(loc)}": {x!r} phải là một số nguyên (mục tiêu số đếm, kind: count)'
    dates = [st.from_ for st in t.stages or []]
    for i in range(1, len(dates)):
        if dates[i] <= dates[i - 1]:
            msg = f"ngày {_vn_day(dates[i])} phải sau ngày của giai đoạn trước ({_vn_day(dates[i - 1])})"
            yield ("stages", i, "from"), f'"stages[{i}].from": {msg}'
    if t.stages and t.threshold is not None:
        yield ("stages",), 'không dùng cùng lúc "stages" và "threshold" (ngưỡng chung là ngưỡng của từng giai đoạn)'
    if t.stages and t.threshold_by_level:
        yield (
            ("stages",),
            'không dùng cùng lúc "stages" và "threshold_by_level" (chưa hỗ trợ ngưỡng theo cấp theo giai đoạn)',
        )


def _target_rules(t: Target, metrics: Mapping[str, Mapping[str, Any]] | None) -> Iterable[tuple[Loc, str]]:
    """(loc inside the target, message) for each rule of its kind the target breaks."""
    by_level = t.threshold_by_level or {}
    if t.kind == "milestone":
        if t.due is None:
            yield (), 'mốc nhiệm vụ (milestone) cần "due" (năm hoặc ngày đến hạn)'
        if t.metric not in (None, MILESTONE_METRIC):
            yield ("metric",), f'mốc nhiệm vụ được đo bằng {MILESTONE_METRIC}, không phải "{t.metric}"'
    elif t.metric is None:
        yield (), f'mục tiêu loại {t.kind} cần "metric" (mã chỉ số)'
    if t.kind in JUDGED_KINDS and t.threshold is None and not by_level and not t.stages:
        what = "tỷ lệ (ratio)" if t.kind == "ratio" else "số đếm (count)"
        yield (), f'mục tiêu {what} cần "threshold", "threshold_by_level" hoặc "stages"'
    if t.kind not in JUDGED_KINDS:
        advice = (
            "dùng reference cho mức tham chiếu" if t.kind == "tracking" else "mốc được đánh giá là hoàn thành hay chưa"
        )
        for key in ("threshold", "threshold_by_level", "stages", "threshold_by_unit", "direction"):
            if getattr(t, key) is not None:
                yield (key,), f'mục tiêu loại {t.kind} không có ngưỡng "{key}" ({advice})'
    else:
        yield from _threshold_rules(t)
    if t.kind == "milestone" and t.reference is not None:
        yield ("reference",), "mốc nhiệm vụ không có mức tham chiếu"
    for lv in by_level:
        if t.scope is not None and lv not in t.scope:
            yield (
                ("threshold_by_level", lv),
                f'cấp "{lv}" của threshold_by_level không thuộc scope ({", ".join(t.scope)})',
            )
    missing = [lv for lv in (t.scope or LEVELS) if lv not in by_level]
    if by_level and missing and t.threshold is None:
        yield (
            ("threshold_by_level",),
            f'không có ngưỡng cho cấp {", ".join(missing)} của scope (thêm "threshold" làm ngưỡng chung)',
        )
    if metrics is not None and t.kind != "milestone" and t.metric is not None:
        yield from _metric_rules(t, metrics)


def _metric_rules(t: Target, metrics: Mapping[str, Mapping[str, Any]]) -> Iterable[tuple[Loc, str]]:
    m = metrics.get(t.metric)
    if m is None:
        close = difflib.get_close_matches(t.metric, list(metrics), n=1)
        hint = f' (có phải "{close[0]}"?)' if close else " (danh sách chỉ số: docs/metrics.md)"
        yield ("metric",), f'chỉ số không tồn tại "{t.metric}"{hint}'
        return
    if t.kind == "ratio" and m.get("unit") != "ratio":
        yield (
            ("metric",),
            f'mục tiêu tỷ lệ (ratio) cần một chỉ số tỷ lệ; "{t.metric}" là số đếm ({m.get("unit")}): dùng kind: count',
        )
    if t.kind == "count" and m.get("unit") != "count":
        yield ("metric",), f'mục tiêu số đếm (count) cần một chỉ số đếm; "{t.metric}" là tỷ lệ ({m.get("unit")})'
    if m.get("plan_key") == "activity" and t.activity is None:
        yield (), f'chỉ số "{t.metric}" đếm theo mã hoạt động: thiếu "activity"'
    if m.get("plan_key") != "activity" and t.activity is not None:
        yield ("activity",), f'chỉ số "{t.metric}" không tính theo mã hoạt động: bỏ "activity"'


def validity(h: PlanHeader) -> tuple[str | None, str | None]:
    """The plan's validity (ISO days, either open): `valid_from`/`valid_to`, each defaulting to
    the first/last day of `year`; no year and neither key: every period."""
    year_from = None if h.year is None else f"{h.year:04d}-01-01"
    year_to = None if h.year is None else f"{h.year:04d}-12-31"
    return h.valid_from or year_from, h.valid_to or year_to


def _header_rules(doc: Mapping[str, Any]) -> Iterable[tuple[Loc, str | None, str]]:
    try:
        h = PlanHeader.model_validate(doc.get("plan"))
    except ValidationError:
        return  # its errors come from the whole-file validation
    start, end = validity(h)
    if start and end and start > end:
        key = "valid_to" if h.valid_to else "valid_from"
        yield ("plan", key), None, f"thời gian hiệu lực trống: từ {_vn_day(start)} đến {_vn_day(end)}"


def _target_without_errors(model: type[Target], item: dict[str, Any]) -> tuple[Target | None, set[str]]:
    """The target validated without its keys in error (and those keys), so that the rules of its
    other keys are still checked: `threshold: 2` on a ratio is reported beside an unknown key."""
    try:
        return model.model_validate(item), set()
    except ValidationError as e:
        bad = {str(err["loc"][0]) for err in e.errors(include_url=False) if err["loc"]}
    try:
        return model.model_validate({k: v for k, v in item.items() if k not in bad}), bad
    except ValidationError:
        return None, bad


def _section_rules(doc: Mapping[str, Any]) -> Iterable[tuple[Loc, str | None, str]]:
    """Section ids unique; a target's `section` defined in `sections:`; with sections, every item
    of `targets` in one (an indicator may stay outside: the pages list it apart)."""
    sections = doc.get("sections")
    ids: dict[str, int] = {}
    for i, sec in enumerate(sections if isinstance(sections, list) else []):
        sid = sec.get("id") if isinstance(sec, dict) else None
        if isinstance(sid, str) and sid in ids:
            yield ("sections", i, "id"), None, f'mã phần "{sid}" trùng với phần #{ids[sid] + 1} của sections'
        elif isinstance(sid, str):
            ids[sid] = i
    defined = ", ".join(ids) or "chưa có phần nào"
    for section, _model in SECTIONS.items():
        items = doc.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            tid = item.get("id") if isinstance(item.get("id"), str) else None
            sid = item.get("section")
            if isinstance(sid, str) and sid not in ids:
                yield (section, i, "section"), tid, f'phần "{sid}" chưa khai báo trong sections ({defined})'
            elif sid is None and ids and section == "targets":
                yield (section, i), tid, f'thiếu khóa "section" (kế hoạch có sections: {defined})'


def _document_rules(doc: Mapping[str, Any], metrics) -> Iterable[tuple[Loc, str | None, str]]:
    """(loc, target label, message) for the rules over the whole file: unique ids, field groups
    that exist (on the raw items, so that a target with another error is still checked), and
    each target's kind rules (on the targets that validate on their own)."""
    yield from _section_rules(doc)
    groups = doc.get("field_groups")
    group_keys = set(groups) if isinstance(groups, dict) else set()
    seen: dict[str, Loc] = {}
    for section, model in SECTIONS.items():
        items = doc.get(section)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            tid = item.get("id") if isinstance(item.get("id"), str) else None
            if tid in seen:
                first = seen[tid]
                yield (section, i, "id"), tid, f"mã mục tiêu trùng với mục #{first[1] + 1} của {first[0]}"
            elif tid:
                seen[tid] = (section, i)
            fgs = item.get("field_groups")
            for g in [fgs] if isinstance(fgs, str) else fgs if isinstance(fgs, list) else []:
                if isinstance(g, str) and g not in group_keys:
                    defined = ", ".join(sorted(group_keys)) or "chưa có nhóm nào"
                    msg = f'nhóm lĩnh vực "{g}" chưa khai báo trong field_groups ({defined})'
                    yield (section, i, "field_groups"), tid, msg
            t, bad = _target_without_errors(model, item)
            if t is None:
                continue  # its errors come from the whole-file validation
            for loc, msg in _target_rules(t, metrics):
                # a rule about a key in error, or about the whole target, would repeat that error
                if not bad or (loc and loc[0] not in bad):
                    yield (section, i, *loc), t.id, msg


# ---------------------------------------------------------------------------------------------
# Entry points


def _target_label(doc: Any, loc: Loc) -> str | None:
    if len(loc) < 2 or loc[0] not in SECTIONS or not isinstance(loc[1], int) or not isinstance(doc, dict):
        return None
    items = doc.get(loc[0])
    item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
    tid = item.get("id") if isinstance(item, dict) else None
    return tid if isinstance(tid, str) and tid.strip() else f"#{loc[1] + 1} của {loc[0]}"


def _bad_dates(node: yaml.Node) -> list[tuple[int, str]]:
    """Lines of the date-shaped scalars that are not dates (YAML's constructor fails on the first,
    without saying where)."""
    out: list[tuple[int, str]] = []
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
        try:
            yaml.SafeLoader("").construct_yaml_timestamp(node)
        except ValueError:
            out.append((node.start_mark.line + 1, f"ngày không hợp lệ {node.value!r} (dùng YYYY-MM-DD)"))
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out += _bad_dates(k) + _bad_dates(v)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _bad_dates(item)
    return out


def check_plan_text(text: str, file: str, metrics: Mapping[str, Mapping[str, Any]] | None = None) -> PlanCheck:
    """Check a plan file's text. `metrics` (metric id → {unit, plan_key}, `plan.known_metrics()`)
    also checks each `metric`; without it the metric ids are not checked."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = None if mark is None else mark.line + 1
        problem = getattr(e, "problem", None) or str(e)
        return PlanCheck(file, [PlanIssue(file, line, None, f"không đọc được YAML: {problem}")])
    except ValueError:  # a date-shaped value that is no date (2022-13-01): YAML gives no line
        return PlanCheck(file, [PlanIssue(file, line, None, msg) for line, msg in _bad_dates(root)])
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        return PlanCheck(file, [PlanIssue(file, 1, None, "tệp kế hoạch phải là một ánh xạ có plan: và targets:")])
    doc = _mend_targets(data, root)
    found: list[tuple[Loc, str | None, str]] = [(loc, _target_label(doc, loc), m) for loc, m in _duplicate_keys(root)]
    plan = None
    try:
        plan = PlanFile.model_validate(doc)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            loc = tuple(err["loc"])
            found.append((loc, _target_label(doc, loc), _message(err, _known_keys(loc))))
    found += list(_document_rules(doc, metrics)) + list(_header_rules(doc))
    issues = sorted(
        {PlanIssue(file, _line_of(root, loc), label, msg) for loc, label, msg in found},
        key=lambda i: (i.line or 0, i.message),
    )
    return PlanCheck(file, issues, plan if not issues else None)


def check_plan_file(path: str | Path, metrics: Mapping[str, Mapping[str, Any]] | None = None) -> PlanCheck:
    """Check one plan file (see `check_plan_text`); a missing or unreadable file is an issue too."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PlanCheck(
            str(path), [PlanIssue(str(path), None, None, "không tìm thấy tệp kế hoạch (plan file not found)")]
        )
    except (OSError, UnicodeDecodeError) as e:
        return PlanCheck(str(path), [PlanIssue(str(path), None, None, f"không đọc được tệp (UTF-8): {e}")])
    return check_plan_text(text, str(path), metrics)


def plan_summary(plan: PlanFile) -> str:
    """One line for `motcua plan check`: plan, province, year, targets by kind, due years."""
    kinds: dict[str, int] = {}
    for t in plan.targets:
        kinds[t.kind] = kinds.get(t.kind, 0) + 1
    by_kind = ", ".join(f"{k} {kinds[k]}" for k in KINDS if k in kinds)
    years = sorted({t.due[:4] for t in [*plan.targets, *plan.indicators] if t.due})
    h = plan.plan
    parts = [f"kế hoạch {h.id}"]
    if h.province and h.province.name:
        parts.append(h.province.name)
    if h.year is not None:
        parts.append(f"năm {h.year}")
    if h.valid_from or h.valid_to:
        start, end = validity(h)
        parts.append(f"hiệu lực {_vn_day(start) if start else '…'}–{_vn_day(end) if end else '…'}")
    out = ", ".join(parts) + f"; {len(plan.targets)} mục tiêu ({by_kind})"
    if plan.indicators:
        out += f", {len(plan.indicators)} chỉ tiêu theo dõi thêm"
    if years:
        out += f"; thời hạn trong năm {', '.join(years)}"
    return out
