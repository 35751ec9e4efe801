"""The site's one rule for ranking units and for "còn thiếu" (docs/metrics.md, "Ranking units").

- A unit is ranked only when its denominator has at least `min_records()` records (setting
  `MOTCUA_RANK_MIN_RECORDS`, default 20): a rate of 0/1 or 1/3 says nothing about a unit, so
  the units below the minimum are listed apart, never ranked.
- "Còn thiếu" of a row (the province, a level, a unit) is `still_needed`: the fewest records
  still to come, all favourable, that bring the value to its threshold.
- Ranked units are ordered by còn thiếu (where the most work is), then by value (the lowest
  first), then by denominator (the largest first); units that already reach the bar have
  còn thiếu 0 and come last.
- "The units that would close most of the gap" are the ranked units with còn thiếu > 0 in that
  order: a unit already at the bar or listed apart is never one of them.
- A commune is named with its district: "xã Cẩm Bình (huyện Cẩm Xuyên)".
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

MIN_RECORDS_DEFAULT = 20
MIN_RECORDS_ENV = "MOTCUA_RANK_MIN_RECORDS"


def min_records() -> int:
    """The minimum denominator of a ranked unit: MOTCUA_RANK_MIN_RECORDS, default 20."""
    raw = os.environ.get(MIN_RECORDS_ENV, "").strip()
    if not raw:
        return MIN_RECORDS_DEFAULT
    value = int(raw)
    if value < 1:
        raise ValueError(f"{MIN_RECORDS_ENV} phải là số nguyên ≥ 1, không phải {raw!r}")
    return value


def _missing(x: Any) -> bool:
    if x is None or x is pd.NA:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def _ceil(x: float) -> int:
    # 0.7 × 10 − 7 is 4.4e-16 in floating point: round away such dust before ceil
    return max(0, math.ceil(round(x, 9)))


def still_needed(
    numerator: Any, denominator: Any, threshold: Any, direction: str | None = "at_least", kind: str | None = "ratio"
) -> int | None:
    """The fewest records still to come, all favourable, that bring the value to the threshold;
    0 when it is reached, None without a threshold or data.

    ratio, at least t:  (n + x) / (d + x) ≥ t  ⇔  x ≥ (t·d − n) / (1 − t).
        With t = 1 no record to come can do it: the d − n unfavourable records must be set right.
    ratio, at most t:   n / (d + x) ≤ t  ⇔  x ≥ n / t − d   (t = 0: the n records, set right).
    count, at least t:  t − n;   count, at most t: n − t (the count above the ceiling)."""
    if _missing(threshold) or _missing(numerator):
        return None
    n, t = float(numerator), float(threshold)
    if kind == "count":
        return _ceil(n - t) if direction == "at_most" else _ceil(t - n)
    if _missing(denominator) or float(denominator) <= 0:
        return None
    d = float(denominator)
    if direction == "at_most":
        if n <= t * d:
            return 0
        return _ceil(n) if t <= 0 else _ceil(n / t - d)
    if n >= t * d:
        return 0
    return _ceil(d - n) if t >= 1 else _ceil((t * d - n) / (1 - t))


def gap(value: Any, threshold: Any, direction: str | None = "at_least", kind: str | None = "ratio") -> float | None:
    """How far a value is from its threshold, comparable across targets (0 when reached):
    a ratio in points of share (t − v; at most: v − t), a count as the share of its threshold
    still missing ((t − v) / t; at most: (v − t) / t, or v when the ceiling is 0)."""
    if _missing(value) or _missing(threshold):
        return None
    v, t = float(value), float(threshold)
    off = v - t if direction == "at_most" else t - v
    if kind == "count":
        off = off / t if t > 0 else off
    return max(0.0, off)


_UBND = re.compile(r"^\s*UBND\s+", re.IGNORECASE)


def unit_label(name: Any, level: Any = None, parent_name: Any = None, parent_level: Any = None) -> str:
    """A unit's name as the pages print it; a commune with its district:
    ('UBND xã Cẩm Bình', 'xa', 'UBND huyện Cẩm Xuyên', 'huyen') → 'xã Cẩm Bình (huyện Cẩm Xuyên)'."""
    text = "" if _missing(name) and not isinstance(name, str) else str(name)
    if level != "xa" or not isinstance(parent_name, str) or not parent_name.strip():
        return text
    if parent_level is not None and not _missing(parent_level) and parent_level != "huyen":
        return text
    return f"{_UBND.sub('', text)} ({_UBND.sub('', parent_name.strip())})"


@dataclass
class Ranking:
    ranked: pd.DataFrame  # units with ≥ min_records records, in the site's order
    apart: pd.DataFrame  # units with data but fewer records, by name
    min_records: int

    def behind(self, top: int | None = None) -> pd.DataFrame:
        """Ranked units still short of the bar (còn thiếu > 0), the most work first."""
        b = self.ranked[self.ranked["con_thieu"].fillna(0) > 0]
        return b if top is None else b.head(top)

    def apart_note(self, noun: str = "bản ghi") -> str:
        """The sentence that states the rule and names the units listed apart."""
        head = f"Chỉ xếp hạng đơn vị có từ {self.min_records} {noun} trở lên"
        if self.apart.empty:
            return head + "."
        names = "; ".join(f"{lab}: {int(d)}" for lab, d in zip(self.apart["nhan"], self.apart["denominator"].fillna(0)))
        return f"{head}; {len(self.apart)} đơn vị ít hơn được liệt kê riêng, không xếp hạng: {names}."


def rank_units(
    units: pd.DataFrame,
    threshold: Any = None,
    direction: str | None = "at_least",
    kind: str | None = "ratio",
    min_n: int | None = None,
) -> Ranking:
    """The site's ranking of `units` (columns ten_don_vi, level, numerator, denominator, value;
    optional threshold per unit, ten_don_vi_cha, level_cha). `threshold` is the bar of units
    without their own; units without data (denominator 0 or missing) are dropped."""
    min_n = min_records() if min_n is None else int(min_n)
    u = units.copy()
    if "threshold" not in u.columns:
        u["threshold"] = threshold
    else:
        u["threshold"] = u["threshold"].astype(object).where(u["threshold"].notna(), threshold)
    den = pd.to_numeric(u["denominator"], errors="coerce")
    u = u[den.fillna(0) > 0].copy() if kind != "count" else u
    u["nhan"] = [
        unit_label(n, lv, pn, pl)
        for n, lv, pn, pl in zip(
            u.get("ten_don_vi", pd.Series(dtype=object)),
            u.get("level", [None] * len(u)),
            u.get("ten_don_vi_cha", [None] * len(u)),
            u.get("level_cha", [None] * len(u)),
        )
    ]
    u["con_thieu"] = [
        still_needed(n, d, t, direction, kind) for n, d, t in zip(u["numerator"], u["denominator"], u["threshold"])
    ]
    u["khoang_cach"] = [gap(v, t, direction, kind) for v, t in zip(u["value"], u["threshold"])]
    # a count has no denominator: every unit is ranked
    enough = (
        pd.Series(True, index=u.index)
        if kind == "count"
        else pd.to_numeric(u["denominator"], errors="coerce").fillna(0) >= min_n
    )
    ranked = u[enough].copy()
    ranked["_v"] = pd.to_numeric(ranked["value"], errors="coerce")
    ranked["_need"] = pd.to_numeric(ranked["con_thieu"], errors="coerce").fillna(-1)
    ranked = ranked.sort_values(
        ["_need", "_v", "denominator", "nhan"], ascending=[False, direction != "at_most", False, True], kind="stable"
    ).drop(columns=["_v", "_need"])
    apart = u[~enough].sort_values("nhan", kind="stable")
    return Ranking(ranked.reset_index(drop=True), apart.reset_index(drop=True), min_n)
