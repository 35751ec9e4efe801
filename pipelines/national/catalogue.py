"""Which metrics mean the same in every province, so that their numerators and denominators can
be summed into the country's value (docs/national.md, "Metrics common to all").

A metric of the sql/metrics catalogue (`kind: metric`) is common unless its model reads the
plan (`plan_targets`, `plan_field_groups`, …): then its groups — field groups, activity codes,
task codes — are each province's own, and `dat_dai` in one plan need not be `dat_dai` in
another. Each publication carries a fingerprint of every metric's SQL, so that a province
running another version of a metric is seen (the roll-up then leaves that metric per province).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.settings import SQL_DIR

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Metric:
    metric_id: str
    unit: str  # ratio | count
    plan_shaped: bool  # its model reads a plan table: its groups are the province's own
    fingerprint: str  # sha256 of its query.sql


def metric_catalogue(sql_dir: Path = SQL_DIR) -> dict[str, Metric]:
    """metric_id → Metric, for every sql/metrics/<m>/ whose metadata.yaml says `kind: metric`."""
    out: dict[str, Metric] = {}
    for meta_path in sorted((Path(sql_dir) / "metrics").glob("*/metadata.yaml")):
        meta = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        if meta.get("kind") != "metric":
            continue
        query = meta_path.parent / "query.sql"
        text = query.read_bytes() if query.exists() else b""
        reads_plan = any(str(d).startswith("plan_") for d in meta.get("depends_on") or []) or b"plan_" in text
        metric_id = str(meta.get("metric_id") or meta.get("name") or meta_path.parent.name)
        out[metric_id] = Metric(
            metric_id=metric_id,
            unit=str(meta.get("unit") or "ratio"),
            plan_shaped=reads_plan,
            fingerprint=hashlib.sha256(text).hexdigest(),
        )
    return out
