"""The QĐ 766 index's weights as data (docs/index-766.md §1): `data/reference/index766_weights.yaml`
checked and written to the warehouse before the models run.

    weights = load_weights()          # checked, or Index766WeightsError naming every problem
    write_weights(con, weights)       # index766_groups, index766_weights, index766_version_from,
                                      # index766_settings, index766_rating_bands

Checks: every version's groups sum to 100 and each group's indicators to the group's maximum;
every rule is `lin`, `show`, `open` or `thr(T)` with T a whole percentage in (0, 1]; `empty` is
`full` or `zero`; the scope names unit levels (pipelines.contract); a multiplier names an
indicator of the same version; ids are unique; the version map names known versions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from pipelines.contract import UNIT_LEVELS
from pipelines.settings import REFERENCE_DIR
from pipelines.warehouse.table_docs import TableDoc, document_table

WEIGHTS_FILE = REFERENCE_DIR / "index766_weights.yaml"
TOTAL_POINTS = 100
_THRESHOLD = re.compile(r"^thr\((0?\.\d+|1(?:\.0+)?)\)$")
RULES = ("lin", "show", "open")


class Index766WeightsError(ValueError):
    """The weights file breaks a rule of docs/index-766.md §1; the message lists every problem."""


@dataclass(frozen=True)
class Weights:
    groups: list[dict[str, Any]]
    indicators: list[dict[str, Any]]
    version_from: list[tuple[date, str]]
    settings: dict[str, Any]
    rating_bands: list[dict[str, Any]]


def threshold_pct(rule: str) -> int | None:
    """The threshold of a rule in whole percent: thr(0.80) → 80, lin → 100, show/open → None."""
    if rule == "lin":
        return 100
    found = _THRESHOLD.match(rule)
    if not found:
        return None
    pct = Decimal(found.group(1)) * 100
    return int(pct) if pct == pct.to_integral_value() else None


def _check_indicator(version: str, ind: dict[str, Any], groups: dict[str, Any], problems: list[str]) -> None:
    where = f"{version} {ind.get('id')!r}"
    rule = str(ind.get("rule", ""))
    if rule not in RULES and threshold_pct(rule) is None:
        problems.append(f"{where}: rule {rule!r} is not lin, show, open or thr(T) with T a whole percentage")
    if ind.get("group") not in groups:
        problems.append(f"{where}: unknown group {ind.get('group')!r}")
    if ind.get("empty", "full") not in ("full", "zero"):
        problems.append(f"{where}: empty must be full or zero, not {ind.get('empty')!r}")
    scope = ind.get("scope") or []
    if not scope or set(scope) - set(UNIT_LEVELS):
        problems.append(f"{where}: scope {scope!r} must name unit levels {list(UNIT_LEVELS)}")
    mx = ind.get("max")
    if isinstance(mx, bool) or not isinstance(mx, (int, float)) or mx < 0:
        problems.append(f"{where}: max must be a number ≥ 0, not {mx!r}")
    if rule == "show" and mx != 0:
        problems.append(f"{where}: a show indicator has max 0")
    for key in ("max_src", "rule_src"):
        if not ind.get(key):
            problems.append(f"{where}: {key} (the source of the cell) is missing")


def _check_version(v: dict[str, Any], problems: list[str]) -> None:
    version = v.get("version")
    groups = {g["id"]: g for g in v.get("groups") or []}
    inds = v.get("indicators") or []
    ids = [str(i.get("id")) for i in inds]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{version}: indicator {dup!r} appears twice")
    for ind in inds:
        _check_indicator(version, ind, groups, problems)
        mult = ind.get("multiplier")
        if mult is not None and str(mult) not in ids:
            problems.append(f"{version} {ind.get('id')!r}: multiplier {mult!r} is not an indicator of the version")
    total = sum(Decimal(str(g.get("max", 0))) for g in groups.values())
    if total != TOTAL_POINTS:
        problems.append(f"{version}: the groups sum to {total}, not {TOTAL_POINTS}")
    for gid, g in groups.items():
        s = sum(Decimal(str(i.get("max", 0))) for i in inds if i.get("group") == gid)
        if s != Decimal(str(g.get("max"))):
            problems.append(f"{version} {gid}: the indicators sum to {s}, not the group's {g.get('max')}")


def parse_weights(doc: dict[str, Any]) -> Weights:
    """Check a parsed weights document and flatten it into rows (Index766WeightsError if wrong)."""
    problems: list[str] = []
    versions = doc.get("versions") or []
    names = [v.get("version") for v in versions]
    for v in versions:
        _check_version(v, problems)
    settings = dict(doc.get("settings") or {})
    version_from = []
    for start, version in (settings.get("version_from") or {}).items():
        start = start if isinstance(start, date) else date.fromisoformat(str(start))
        if version not in names:
            problems.append(f"settings.version_from: unknown version {version!r}")
        version_from.append((start, version))
    if not version_from:
        problems.append("settings.version_from: no version is in force")
    if problems:
        raise Index766WeightsError("index766_weights.yaml:\n- " + "\n- ".join(problems))
    groups, indicators = [], []
    for v in versions:
        for order, g in enumerate(v["groups"], 1):
            groups.append({**g, "version": v["version"], "sort_order": order})
        group_order = {g["id"]: i for i, g in enumerate(v["groups"], 1)}
        for order, ind in enumerate(v["indicators"], 1):
            indicators.append({**ind, "version": v["version"], "sort_order": group_order[ind["group"]] * 100 + order})
    bands = [{**b, "sort_order": i} for i, b in enumerate(settings.pop("rating_bands", None) or [], 1)]
    settings.pop("version_from", None)
    return Weights(groups, indicators, sorted(version_from), settings, bands)


def load_weights(path: Path | None = None) -> Weights:
    """The checked weights of `path` (default: WEIGHTS_FILE, read when called)."""
    return parse_weights(yaml.safe_load(Path(path or WEIGHTS_FILE).read_text(encoding="utf-8")) or {})


_DDL = {
    "index766_groups": "version VARCHAR, group_id VARCHAR, ten_nhom VARCHAR, max_points DOUBLE, "
    "sort_order INTEGER, nguon_diem VARCHAR",
    "index766_weights": "version VARCHAR, indicator_id VARCHAR, group_id VARCHAR, code VARCHAR, "
    "max_points DOUBLE, rule VARCHAR, threshold_pct INTEGER, empty_rule VARCHAR, scope VARCHAR[], "
    "multiplier VARCHAR, variant VARCHAR, provisional_split VARCHAR, sort_order INTEGER, "
    "nguon_diem VARCHAR, nguon_quy_tac VARCHAR, nguon_mau_so_0 VARCHAR, nguon_pham_vi VARCHAR",
    "index766_version_from": "valid_from DATE, version VARCHAR",
    "index766_settings": "key VARCHAR, value VARCHAR",
    "index766_rating_bands": "label VARCHAR, min_total DOUBLE, sort_order INTEGER, source VARCHAR",
}


def _setting_text(v: Any) -> str:
    """A setting as SQL reads it: true/false, yyyy-mm-dd, else the text (JSON for lists/maps)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date):
        return v.isoformat()
    return v if isinstance(v, str) else json.dumps(v, default=str)


def write_weights(con, weights: Weights | None = None) -> None:
    """The weights tables, replaced whole (called by every build before the models)."""
    w = weights or load_weights()
    for table, cols in _DDL.items():
        con.execute(f"CREATE OR REPLACE TABLE {table} ({cols})")
    con.executemany(
        "INSERT INTO index766_groups VALUES (?, ?, ?, ?, ?, ?)",
        [[g["version"], g["id"], g["name"], g["max"], g["sort_order"], g.get("max_src")] for g in w.groups],
    )
    con.executemany(
        "INSERT INTO index766_weights VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                i["version"], str(i["id"]), i["group"], i.get("code"), i["max"], i["rule"],
                threshold_pct(i["rule"]), i.get("empty", "full"), list(i["scope"]),
                None if i.get("multiplier") is None else str(i["multiplier"]), i.get("variant"),
                json.dumps(i["provisional_split"]) if i.get("provisional_split") else None,
                i["sort_order"], i.get("max_src"), i.get("rule_src"), i.get("empty_src"), i.get("scope_src"),
            ]
            for i in w.indicators
        ],
    )  # fmt: skip
    con.executemany("INSERT INTO index766_version_from VALUES (?, ?)", [list(r) for r in w.version_from])
    con.executemany(
        "INSERT INTO index766_settings VALUES (?, ?)",
        [[k, _setting_text(v)] for k, v in w.settings.items()],
    )
    con.executemany(
        "INSERT INTO index766_rating_bands VALUES (?, ?, ?, ?)",
        [
            [b["label"], b.get("min_total"), b["sort_order"], w.settings.get("rating_bands_source")]
            for b in w.rating_bands
        ],
    )
    for table, doc in TABLE_DOCS.items():
        document_table(con, table, doc)


TABLE_DOCS: dict[str, TableDoc] = {
    "index766_groups": TableDoc(
        "Nhóm chỉ số QĐ 766 và điểm tối đa, theo phiên bản (data/reference/index766_weights.yaml; "
        "docs/index-766.md §1)",
        "cong_khai",
        {
            "version": "Phiên bản (qd766-2022, dvcqg-portal)",
            "group_id": "Mã nhóm",
            "ten_nhom": "Tên nhóm",
            "max_points": "Điểm tối đa của nhóm",
            "sort_order": "Thứ tự hiển thị (thứ tự của Quyết định)",
            "nguon_diem": "Nguồn của điểm tối đa",
        },
    ),
    "index766_weights": TableDoc(
        "Trọng số chỉ số QĐ 766 theo phiên bản: nhóm, điểm tối đa, quy tắc tính điểm, ngưỡng, điểm khi "
        "mẫu số 0, cấp được chấm, hệ số nhân, kèm nguồn của từng ô (data/reference/index766_weights.yaml)",
        "cong_khai",
        {
            "version": "Phiên bản",
            "indicator_id": "Mã chỉ số (1.1 … 5.4)",
            "group_id": "Mã nhóm",
            "code": "Mã chỉ số trên Cổng DVCQG (phiên bản dvcqg-portal)",
            "max_points": "Điểm tối đa",
            "rule": "Quy tắc tính điểm: lin, thr(T), show, open",
            "threshold_pct": "Ngưỡng (%): 100 với lin; trống với show, open",
            "empty_rule": "Điểm khi mẫu số bằng 0: full (tối đa) hoặc zero (0)",
            "scope": "Các cấp đơn vị được chấm (tinh, huyen, xa); cấp khác: không áp dụng, điểm tối đa",
            "multiplier": "Chỉ số có tỷ lệ nhân vào tỷ lệ của chỉ số này (3.3 × 1.4)",
            "variant": "Biến thể cách tính (realtime của 1.4 trên Cổng)",
            "provisional_split": "Chia điểm tạm (JSON) của chỉ số open",
            "sort_order": "Thứ tự hiển thị",
            "nguon_diem": "Nguồn của điểm tối đa (⚠: chưa kiểm chứng cho phiên bản)",
            "nguon_quy_tac": "Nguồn của quy tắc",
            "nguon_mau_so_0": "Nguồn của quy tắc mẫu số 0",
            "nguon_pham_vi": "Nguồn của phạm vi cấp",
        },
    ),
    "index766_version_from": TableDoc(
        "Phiên bản QĐ 766 theo ngày bắt đầu: kỳ dùng phiên bản có valid_from mới nhất không sau đầu kỳ",
        "cong_khai",
        {"valid_from": "Ngày bắt đầu áp dụng", "version": "Phiên bản"},
    ),
    "index766_settings": TableDoc(
        "Thiết lập Bộ chỉ số QĐ 766 (data/reference/index766_weights.yaml; giá trị văn bản hoặc JSON)",
        "cong_khai",
        {"key": "Tên thiết lập", "value": "Giá trị"},
    ),
    "index766_rating_bands": TableDoc(
        "Xếp loại theo tổng điểm QĐ 766 (chưa có nguồn cho ngưỡng: khi còn ngưỡng trống, không gắn nhãn)",
        "cong_khai",
        {
            "label": "Nhãn",
            "min_total": "Tổng điểm tối thiểu (trống: chưa biết)",
            "sort_order": "Thứ tự",
            "source": "Nguồn",
        },
    ),
}
