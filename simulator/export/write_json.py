"""JSON writer in the DVCQG shape: a top-level array, or ``{"data": [...]}`` (with the
``total`` the portal adds).  Record ``i`` (1-based array index) is data row ``i - 1``."""

from __future__ import annotations

import json
from pathlib import Path


def write_json(
    path: Path,
    keys: list[str],
    cols: list[list],
    wrap: str = "array",
    ensure_ascii: bool = False,
    extra: dict[str, list] | None = None,
) -> None:
    """``cols`` are value lists aligned with ``keys``; ``extra`` maps a key to a per-row list of
    values that are written only where not None (e.g. ``DanhSachHoSoBoSung``)."""
    rows = [dict(zip(keys, vals)) for vals in zip(*cols)] if cols else []
    for k, vals in (extra or {}).items():
        for row, v in zip(rows, vals):
            if v is not None:
                row[k] = v
    doc = rows if wrap == "array" else {"error_code": 0, "total": len(rows), "data": rows}
    Path(path).write_text(json.dumps(doc, ensure_ascii=ensure_ascii, separators=(",", ":")), encoding="utf-8")
