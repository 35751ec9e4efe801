"""``motcua simulate``: generate a world, write its exports night by night, describe them.

Output layout::

    out/
      _simulation.json          province, seed, scale, dates, formats, files written (entity, night,
                                format, rows), the world's truth, the messiness rates and,
                                with faults, the injected faults (file, row, column, kind,
                                description); not part of the inbox data
      inbox/
        2022-01-03/             one folder per export night: what the software dropped that
          DanhSachHoSo_03012022.xlsx            night (a replay feeds the folders in order)
          tientrinh_20220103.csv
          ...
      plans/<id>.yaml           a province other than Hà Tĩnh (``--province``): its own plan,
                                "minh họa" (:mod:`.plan_file`); Hà Tĩnh's is plans/hatinh-2022.yaml

Row numbers in the faults list are as a reader reports them: spreadsheet row for xlsx,
1-based record number after the header for csv, 1-based array index for json.

Memory does not grow with the scale: the year is generated in windows of receipt days
(:mod:`.generate`), each window's rows are spilled to ``out/.spill-*`` (:mod:`.spill`, removed at
the end) and every night is written, from the spill, as soon as no later window can add to it
(:class:`.export.NightWriter`).  The same seed and scale give the same bytes, and the same files
as writing ``generate_world``'s in-memory world.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from . import export, plan_file
from .export import write_exports, write_source
from .generate import DOSSIER_ENTITIES, MAX_BACK_DAYS, finish, iter_windows, make_plan
from .province import simulating, volume_factor
from .spill import ShardStore
from .truth import Tally

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


def simulate(
    out: Path,
    seed: int = 42,
    scale: float = 1.0,
    start: date = date(2022, 1, 1),
    end: date = date(2022, 12, 31),
    formats: tuple[str, ...] = ("xlsx", "csv", "json"),
    faults: bool = False,
    progress=None,
    world=None,
    province: str | None = None,
) -> dict:
    """Generate the world (or take ``world``, a ready :class:`SimulatedWorld`), write
    ``out/inbox/<night>/…`` and ``out/_simulation.json``; return the dict written there.

    Without ``world`` the year is generated window by window and spilled to ``out/.spill-*``
    (removed at the end), then written night by night: memory stays bounded at any scale.
    ``formats`` (a tuple, or a comma-separated string) restricts the file formats used;
    ``faults`` injects the recorded faults; ``progress(done, total, label)`` is called while
    generating and while writing. ``province``: the GSO code of the province simulated (default
    Hà Tĩnh, or ``world``'s): its units, names and volume (:mod:`.province`), and its plan."""
    if isinstance(formats, str):
        formats = tuple(f.strip() for f in formats.split(",") if f.strip())
    formats = tuple(f.lower().lstrip(".") for f in formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown export format(s) {unknown or formats}; choose among {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if world is not None:
        province = province or getattr(world, "province", None)
    with simulating(province) as prov:
        if world is not None:
            t1 = time.perf_counter()
            written = write_exports(world, out, formats=tuple(formats), faults=faults, seed=seed, progress=progress)
            truth, start, end = getattr(world, "truth", {}), getattr(world, "start", start), getattr(world, "end", end)
        else:
            spill = Path(tempfile.mkdtemp(prefix=".spill-", dir=out))
            try:
                truth, written, t1 = _stream(out, spill, seed, scale, start, end, formats, faults, progress)
            finally:
                shutil.rmtree(spill, ignore_errors=True)
        t2 = time.perf_counter()
        plan = plan_file.write_plan(prov, out)
    result = {
        "province": {
            "code": prov.code,
            "name": prov.name,
            "volume_factor": volume_factor(prov.code),
            "plan": plan.relative_to(out).as_posix() if plan else None,
        },
        "seed": seed,
        "scale": scale,
        "start": str(start),
        "end": str(end),
        "formats": list(formats),
        "faults_injected": bool(faults),
        "layout": "inbox/YYYY-MM-DD/<file> (one folder per export night)",
        "timings_s": {"generate": round(t1 - t0, 2), "export": round(t2 - t1, 2)},
        "files": written["files"],
        "truth": truth,
        "messiness": written["messiness"],
        "faults": written["faults"],
    }
    (out / "_simulation.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1, default=_jsonable), encoding="utf-8"
    )
    return result


def _stream(out: Path, spill: Path, seed: int, scale: float, start: date, end: date, formats, faults: bool, progress):
    """Generate the world window by window into a :class:`ShardStore` in ``spill`` and write its
    files: without faults, each night as soon as no later window can add rows to it (two
    worker processes write while this one generates); with faults, after the whole year (the
    faults pick among every file).  Returns (truth, manifest, time the generation ended)."""
    label = "generating the province's year"
    if progress:
        progress(0, 1, label)
    plan = make_plan(seed, scale, start, end)
    store = ShardStore(spill, order_by=DOSSIER_ENTITIES)
    writer = None
    if not faults:
        # forked now, while this process is small; a few rows per dossier in all
        big = int(plan.day_counts.sum()) * 7 > export.PARALLEL_MIN_ROWS
        writer = export.NightWriter(out, formats, seed, progress=progress, parallel=big)
    try:
        tally = Tally()
        for w in iter_windows(plan):
            for entity, table in w.tables.items():
                store.add(entity, table)
            tally += w.tally
            nxt = plan.first_day(w.k + 1)
            if writer is not None and nxt is not None:
                # no later window has rows before its first receipt day, less the online lead
                writer.nights(store, store.seal(DOSSIER_ENTITIES, nxt - MAX_BACK_DAYS), DOSSIER_ENTITIES)
            if progress:
                progress(w.k + 1, plan.n_windows, f"{label}: window {w.k + 1}/{plan.n_windows}")
        regs, truth = finish(plan, tally)
        for entity, frame in regs.items():
            store.add(entity, frame)
        t1 = time.perf_counter()
        if writer is None:
            written = write_source(store, out, formats=tuple(formats), faults=faults, seed=seed, progress=progress)
        else:
            rest = store.seal(DOSSIER_ENTITIES, np.datetime64("9999-12-31"))
            writer.nights(store, rest, DOSSIER_ENTITIES)
            writer.nights(store, store.all_nights(list(regs)), list(regs))
            written = writer.finish()
    finally:
        if writer is not None:
            writer.close()
    return truth, written, t1
