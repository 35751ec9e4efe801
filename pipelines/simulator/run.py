"""``motcua simulate``: generate a world, write its exports night by night, describe them.

Output layout::

    out/
      _simulation.json          seed, scale, dates, formats, files written (entity, night,
                                format, rows), the world's truth, the messiness rates and,
                                with faults, the injected faults (file, row, column, kind,
                                description); not part of the inbox data
      inbox/
        2022-01-03/             one folder per export night: what the software dropped that
          DanhSachHoSo_03012022.xlsx            night (a replay feeds the folders in order)
          tientrinh_20220103.csv
          ...

Row numbers in the faults list are as a reader reports them: spreadsheet row for xlsx,
1-based record number after the header for csv, 1-based array index for json.
"""
from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .export import write_exports

FORMATS = ("xlsx", "csv", "json")


def _jsonable(o):
    if isinstance(o, (pd.Timestamp, datetime, date)):
        return o.isoformat()
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return None if np.isnan(o) else float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, (set, frozenset)):
        return sorted(o, key=str)
    if isinstance(o, pd.DataFrame):
        return json.loads(o.to_json(orient="records", date_format="iso", force_ascii=False))
    if isinstance(o, pd.Series):
        return json.loads(o.to_json(date_format="iso", force_ascii=False))
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def simulate(out: Path, seed: int = 42, scale: float = 1.0, start: date = date(2022, 1, 1),
             end: date = date(2022, 12, 31), formats: tuple[str, ...] = ("xlsx", "csv", "json"),
             faults: bool = False, progress=None, world=None) -> dict:
    """Generate the world (or take ``world``, a ready :class:`SimulatedWorld`), write
    ``out/inbox/<night>/…`` and ``out/_simulation.json``; return the dict written there.

    ``formats`` (a tuple, or a comma-separated string) restricts the file formats used;
    ``faults`` injects the recorded faults; ``progress(done, total, label)`` is called while
    writing (once with ``(0, 1, …)`` before the world is generated)."""
    if isinstance(formats, str):
        formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    formats = tuple(f.lower().lstrip(".") for f in formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown export format(s) {unknown or formats}; choose among {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if world is None:
        if progress:
            progress(0, 1, "generating the province's year")
        from .generate import generate_world  # the world generator (another module of the simulator)

        world = generate_world(seed=seed, scale=scale, start=start, end=end)
    t1 = time.perf_counter()
    written = write_exports(world, out, formats=tuple(formats), faults=faults, seed=seed, progress=progress)
    t2 = time.perf_counter()
    result = {
        "seed": seed, "scale": scale, "start": str(getattr(world, "start", start)),
        "end": str(getattr(world, "end", end)), "formats": list(formats),
        "faults_injected": bool(faults), "layout": "inbox/YYYY-MM-DD/<file> (one folder per export night)",
        "timings_s": {"generate": round(t1 - t0, 2), "export": round(t2 - t1, 2)},
        "files": written["files"], "truth": getattr(world, "truth", {}),
        "messiness": written["messiness"], "faults": written["faults"],
    }
    (out / "_simulation.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=_jsonable),
                                          encoding="utf-8")
    return result
