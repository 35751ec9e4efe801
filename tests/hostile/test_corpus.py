"""Issue 18, "Done when" 1: one nightly run over an inbox holding every hostile kind of input
(`corpus.py`) and one good file per entity. Every entry ends loaded, quarantined (with a reason
naming the file, and row and column where relevant) or reported as skipped with its reason; the
run publishes; rows are conserved per entity (load_summary) and per file (parse index); and none
of the personal data planted in the hostile files is found outside `raw/` (curated/, runs/, the
run's log).
"""

from __future__ import annotations

import json
import time
import unicodedata
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines.raw.parse_runs import read_manifest, read_parse_index
from pipelines.settings import data_paths
from tests.flows.tiny import motcua

from .corpus import LOADED, PLANTED, QUARANTINED, SKIPPED, build_corpus

pytestmark = pytest.mark.slow


def _texts(path: Path) -> list[str]:
    """What a reader of the file would see: tables of DuckDB and Parquet files, members of zips."""
    head = path.read_bytes()[:16] if path.stat().st_size else b""
    if head[8:12] == b"DUCK" or path.suffix == ".parquet":
        con = duckdb.connect(str(path), read_only=True) if head[8:12] == b"DUCK" else duckdb.connect()
        try:
            if path.suffix == ".parquet":
                return [repr(con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall())]
            out = []
            for schema, name in con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables"
            ).fetchall():
                out.append(repr(con.execute(f'SELECT * FROM "{schema}"."{name}"').fetchall()))
            return out
        finally:
            con.close()
    if head[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as z:
            return [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    return [path.read_bytes().decode("utf-8", "ignore")]


def leaks(root: Path, log: str) -> list[tuple[str, str]]:
    """(file, planted value) for every planted value found outside raw/."""
    found = []
    docs = {"<log>": [log]}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not p.is_symlink() and not rel.startswith("raw/"):
            docs[rel] = _texts(p)
    for rel, texts in docs.items():
        for t in texts:
            t = unicodedata.normalize("NFC", t).replace("\\\\", "\\")
            found += [(rel, v) for v in PLANTED if v in t]
    return sorted(set(found))


def test_one_night_over_the_hostile_corpus(tmp_path):
    inbox = tmp_path / "inbox"
    kinds = build_corpus(inbox, tmp_path / "outside")
    data = tmp_path / "data"
    t0 = time.monotonic()
    done = motcua("run", "--inbox", str(inbox), "--no-prefect", data=data, timeout=900)
    took = time.monotonic() - t0
    log = done.stdout + done.stderr
    paths = data_paths(data)
    summary = json.loads((paths.curated / "run_summary.json").read_text("utf-8"))
    assert summary["status"] == "published", (summary.get("error"), log[-3000:])
    assert done.returncode == 0, log[-3000:]

    manifest = read_manifest(paths)
    by_entry = {src.split(":", 1)[1]: row for src, row in zip(manifest["source"], manifest.to_dict("records"))}
    skipped = {s["name"].rstrip("/"): s["reason"] for s in summary["skipped_entries"]}
    index = read_parse_index(paths)
    qfiles = list(paths.quarantine.glob("*.parquet"))
    quarantine = pd.concat([pd.read_parquet(p) for p in qfiles], ignore_index=True)

    problems: list[str] = []
    table: list[tuple[str, str, str]] = []
    for kind in kinds:
        outcomes = []
        for entry in kind.entries:
            name = entry.rsplit("/", 1)[-1]
            if entry in by_entry:
                row = by_entry[entry]
                outcome = row["status"]
                fid = row["file_id"]
                q = quarantine[quarantine["file_id"] == fid]
                if outcome == QUARANTINED:
                    if not (row["message"] or "").startswith(name):
                        problems.append(f"{kind.name}: {entry}: the reason does not name the file: {row['message']!r}")
                elif outcome == LOADED:
                    rq = [r for r in q.to_dict("records") if r["file_id"] != "_orphans"]
                    if len({r["row"] for r in rq}) != (row["rows_quarantined"] or 0):  # a row may have several reasons
                        problems.append(
                            f"{kind.name}: {entry}: {len(rq)} quarantine rows, {row['rows_quarantined']} counted"
                        )
                    for r in rq:
                        if r["file_name"] != name or r["row"] is None or pd.isna(r["row"]) or not r["reason"]:
                            problems.append(f"{kind.name}: {entry}: a quarantined row lacks file/row/reason: {r}")
                        elif r["column"] is None and "trùng" not in r["reason"]:
                            problems.append(f"{kind.name}: {entry}: a quarantined row names no column: {r['reason']}")
                e = index.get(fid, {})
                if e.get("rows_in") != (e.get("rows_loaded") or 0) + (e.get("rows_quarantined") or 0):
                    problems.append(f"{kind.name}: {entry}: rows not conserved in the parse index: {e}")
            elif entry in skipped:
                outcome = SKIPPED
                if not skipped[entry]:
                    problems.append(f"{kind.name}: {entry}: skipped without a reason")
            else:
                outcome = "lost"
            outcomes.append(outcome)
            if outcome not in kind.allowed:
                problems.append(f"{kind.name}: {entry}: {outcome}, expected one of {kind.allowed}")
        ok = all(o in kind.allowed for o in outcomes)
        table.append((kind.name, "/".join(sorted(set(outcomes))), "ok" if ok else "NOT HANDLED"))

    # rows conserved per entity
    for r in summary["load_summary"]:
        if r["rows_in"] != r["rows_loaded"] + r["rows_quarantined"]:
            problems.append(f"load_summary {r['entity']}: rows not conserved: {r}")
    assert {r["entity"] for r in summary["load_summary"]} >= {
        "hoso",
        "tientrinh",
        "danhgia",
        "thanhtoan",
        "tthc",
        "donvi",
        "pakn",
        "rasoat",
        "nhiemvu",
        "baocao",
    }

    leaked = leaks(data, log)
    hostile = [k for k in kinds if not k.name.startswith("good ")]
    handled = sum(1 for k, t in zip(kinds, table) if t[2] == "ok" and not k.name.startswith("good "))
    width = max(len(t[0]) for t in table)
    print(f"\n{'kind':<{width}}  outcome                   handled")
    for name, outcome, ok in table:
        print(f"{name:<{width}}  {outcome:<24}  {ok}")
    print(
        f"\ninputs tried: {len(hostile)} hostile kinds ({sum(len(k.entries) for k in hostile)} inbox entries) "
        f"+ {len(kinds) - len(hostile)} good files; handled: {handled}/{len(hostile)}; "
        f"personal-data leaks outside raw/: {len(leaked)}; run: {took:.1f} s"
    )
    for rel, v in leaked:
        print(f"LEAK {rel}: {v}")
    assert len(hostile) >= 47
    assert not problems, "\n".join(problems)
    assert leaked == []
