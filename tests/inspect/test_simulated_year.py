"""On a small simulated year run through the nightly flow: no citizen's personal data anywhere in
the curated zone, and every named inspection runs by name (through the sandbox)."""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import duckdb
import pytest

from pipelines.inspect.library import list_inspections, run_inspection
from pipelines.inspect.schema import describe_objects

pytestmark = pytest.mark.slow

PERSONAL = ("chu_ho_so", "so_giay_to", "so_dien_thoai", "email", "dia_chi")
MIN_LEN = 6  # shorter values would match innocent text
OFFICER_COLUMNS = {"nguoi_xu_ly"}  # officers' names are kept on purpose (docs/exports.md): not citizens'
_TOKEN = re.compile(r"\w+", re.UNICODE)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text).lower())


class Finder:
    """Finds every value (as a sequence of words, punctuation ignored) inside any text, in one pass
    over the text's words: values are indexed by their first two words."""

    def __init__(self, values: dict[str, set[str]]):
        self.index: dict[tuple, list[tuple[tuple, str, str]]] = {}
        for col, vals in values.items():
            for v in vals:
                toks = tuple(_tokens(v))
                if toks:
                    self.index.setdefault(toks[:2], []).append((toks, col, v))

    def find(self, text: str) -> set[tuple[str, str]]:
        toks = _tokens(text)
        found = set()
        for i in range(len(toks)):
            for key in ((toks[i],), tuple(toks[i : i + 2])):
                for vt, col, v in self.index.get(key, ()):
                    if tuple(toks[i : i + len(vt)]) == vt:
                        found.add((col, v))
        return found


@pytest.fixture(scope="module")
def world(sim_year):
    return sim_year.world


@pytest.fixture(scope="module")
def personal_values(world, sim_year):
    """What the simulator wrote in the personal columns: those of the world the exports were written
    from (`simulate(…, world=world)`); when a finished run is reused, `generate_world` with the same
    seed and scale, checked against the inbox below."""
    hoso = world.versions["hoso"]
    out: dict[str, set[str]] = {}
    for col in PERSONAL:
        vals = {_nfc(str(v)) for v in hoso[col].dropna().unique()}
        out[col] = {v for v in vals if len(v) >= MIN_LEN}
    assert sum(len(v) for v in out.values()) > 2000, {k: len(v) for k, v in out.items()}
    # the values really are those of the simulated inbox (else this test would prove nothing)
    ids = sorted(out["so_giay_to"])[:200]
    inbox = _inbox_text(sim_year.inbox)
    seen = sum(1 for v in ids if v in inbox)
    assert seen >= 0.9 * len(ids), (
        f"the world's personal values are not those of the inbox ({seen}/{len(ids)} "
        "ID numbers found): a reused MOTCUA_INSPECT_SIM_DIR older than the simulator?"
    )
    return out


def _inbox_text(inbox: Path) -> str:
    parts = []
    for p in sorted(inbox.rglob("*")):
        if not p.is_file():
            continue
        raw = p.read_bytes()
        if p.suffix.lower() == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                parts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml")]
        elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            parts.append(raw.decode("utf-16", "ignore"))
        else:
            parts.append(raw.decode("utf-8", "ignore"))
    return "\n".join(parts)


def _duckdb_cells(path: Path) -> list[str]:
    """Every text cell of every table and view (lists and structs as text), officers' names aside."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{path}' AS d (READ_ONLY)")
        cols = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = 'd' "
            "AND (data_type LIKE '%VARCHAR%' OR data_type LIKE 'STRUCT%' OR data_type LIKE 'MAP%' "
            "OR data_type LIKE '%[]' OR data_type = 'JSON')"
        ).fetchall()
        out: list[str] = []
        for t, c in cols:
            if c in OFFICER_COLUMNS:
                continue
            out += [
                r[0]
                for r in con.execute(
                    f'SELECT DISTINCT CAST("{c}" AS VARCHAR) FROM d.main."{t}" WHERE "{c}" IS NOT NULL'
                ).fetchall()
            ]
        return out
    finally:
        con.close()


def _parquet_cells(path: Path) -> list[str]:
    con = duckdb.connect(":memory:")
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        out: list[str] = []
        for c in cols:
            if c in OFFICER_COLUMNS:
                continue
            out += [
                r[0]
                for r in con.execute(
                    f'SELECT DISTINCT CAST("{c}" AS VARCHAR) FROM read_parquet(\'{path}\') WHERE "{c}" IS NOT NULL'
                ).fetchall()
            ]
        return out
    finally:
        con.close()


def _texts_of(path: Path) -> tuple[str, bytes]:
    """(text of the cells / members, raw bytes) of one curated file, whatever its kind."""
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".duckdb":
        text = "\n".join(_duckdb_cells(path))
    elif suffix == ".parquet":
        text = "\n".join(_parquet_cells(path))
    elif suffix in (".xlsx", ".zip", ".docx"):
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            text = "\n".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    else:
        text = raw.decode("utf-8", "ignore")
    return text, raw


def test_no_personal_data_in_the_curated_zone(sim_year, personal_values, world):
    curated = sim_year.data / "curated"
    files = sorted(p for p in curated.rglob("*") if p.is_file())
    assert any(p.name == "motcua.duckdb" for p in files)
    officers = {_nfc(str(x)) for x in world.versions["tientrinh"]["nguoi_xu_ly"].dropna().unique()}
    cells = Finder(personal_values)
    # raw bytes also hold the officers' column: names shared with an officer are not searched there
    raw_values = dict(personal_values, chu_ho_so=personal_values["chu_ho_so"] - officers)
    raw_finder = Finder(raw_values)
    found: list[str] = []
    for f in files:
        text, raw = _texts_of(f)
        hits = cells.find(text) | raw_finder.find(raw.decode("utf-8", "ignore"))
        if f.suffix.lower() in (".html", ".htm"):
            hits |= cells.find(html.unescape(text))
        found += [f"{f.relative_to(curated)}: {col} = {v!r}" for col, v in sorted(hits)]
    checked = sum(len(v) for v in personal_values.values())
    assert not found, f"Dữ liệu cá nhân trong vùng đã công bố ({len(found)} giá trị / {checked} đã tìm):\n" + "\n".join(
        found[:50]
    )


def test_every_published_object_carries_a_sensitivity_class(sim_year):
    objs = describe_objects(sim_year.db)
    unclassified = sorted(objs.loc[objs.do_nhay_cam == "chua_phan_loai", "ten"])
    # every table and view says whether it may be published (a new table without a class fails)
    assert not unclassified, "chưa phân loại độ nhạy cảm: " + ", ".join(unclassified)


def test_every_inspection_runs_by_name_on_the_simulated_year(sim_year):
    counts = {}
    for insp in list_inspections():
        df = run_inspection(sim_year.db, insp.name, {})
        counts[insp.name] = len(df)
        for col in df.columns:  # no personal column comes out of an inspection
            assert col not in PERSONAL, (insp.name, col)
    print("\nKết quả các truy vấn kiểm tra trên năm mô phỏng:", json.dumps(counts, ensure_ascii=False))
    assert len(counts) >= 12
