"""The SQL model runner: discovers `sql/<layer>/<model>/`, runs them in dependency order.

A model folder holds `query.sql` (one SELECT), `metadata.yaml` (name, friendly_name_vi,
description_vi, materialized table|view, depends_on, columns …) and optionally:

- `checks.sql`: blocks `-- check: <name> severity=fail|warn`, a comment line `-- <mô tả>`, then
  one SELECT returning the offending rows (no rows = pass).

The folder is named after the model (`sql/staging/stg_hoso/` builds `stg_hoso`); a metadata
`name` that differs from its folder is an error.

Shared macros live in `sql/macros/<topic>.sql` (statements `CREATE OR REPLACE MACRO …;`). Each
file is a node of the dependency graph (named `macros/<topic>`): it runs as soon as every model
its SQL mentions is built — DuckDB 2 binds a macro's tables when the macro is created, so
`wd_add`/`wd_sub`, which read `dim_calendar`, can only be created after it — and every model
whose query calls one of its macros depends on it. The macros are persistent (not TEMP): they
are in the published file, where the inspections and notebooks call them too.

Generated models (metadata `generated: …`, no query.sql needed):

- `generated: metric_union` — the UNION ALL BY NAME of every model whose metadata says
  `kind: metric` (they are discovered, so a new metric folder joins automatically), cast to the
  fact columns; `depends_on` is filled with those models.
- `generated: metric_catalog` — one row per metric model from its metadata (metric_id, unit,
  grouped, unique_units, names and definitions in Vietnamese), and one per QĐ 766 indicator
  (`kind: index766_indicator`) as the ratio metric `qd766_<id>`.
- `generated: index766_union` — the UNION ALL of every QĐ 766 indicator's record-level facts
  (docs/index-766.md §2); `generated: index766_catalog` — one row per indicator (id, model,
  metric id, roll-up rule). Models with `kind: metric_facts` emit facts of metrics declared
  elsewhere and join `metric_union` (the indicators' ratios). A model that declares the column
  `presummed` may emit rows that already sum units found in no other row (see FACT_COLUMNS);
  the others get `presummed = false`.

Metric metadata: `kind: metric`, `metric_id`, `unit` (ratio | count), `grouped` (true when the
metric has group_key values: no 0/0 filler rows), `unique_units` (true when the query emits at
most one fact per (period, group_key, unit_id) by construction: the aggregator then skips the
per-unit de-duplication, which is the costly step at scale), Vietnamese texts.

Ordering: topological over `depends_on` (names that are not models — `run_params`, `raw_*`,
`plan_*` … — are fixed tables and are ignored); among models ready at the same time, the layer
order staging → core → metrics → index766 → scorecard, then the name, decides.
"""

from __future__ import annotations

import heapq
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines.contract import ENTITIES
from pipelines.readers.detect import config
from pipelines.settings import SQL_DIR

LAYERS = ("staging", "core", "metrics", "index766", "scorecard")
MACROS = "macros"  # sql/macros/<topic>.sql: shared macros (see the module docstring)
_MACRO_NAME = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?MACRO\s+"
    r"([A-Za-z_][A-Za-z0-9_]*)",
    re.IGNORECASE,
)
FACT_COLUMNS = {
    "metric_id": "VARCHAR",
    "period": "VARCHAR",
    "level": "VARCHAR",
    "ma_don_vi": "VARCHAR",
    "group_key": "VARCHAR",
    "unit_id": "VARCHAR",
    "num": "DOUBLE",
    "den": "DOUBLE",
    # true on a row that already sums counted units each of which is in no other row of its
    # metric, period and group (a QĐ 766 record of a single unit): "a unit counts once" holds, so
    # it is added as it is. Only from models that declare the column; false elsewhere.
    "presummed": "BOOLEAN",
}
OPTIONAL_FACT_COLUMNS = {"presummed": "false"}


# the record-level facts of a QĐ 766 indicator (`kind: index766_indicator`, docs/index-766.md §2)
INDEX766_FACT_COLUMNS = {
    "indicator_id": "VARCHAR",
    "period_id": "VARCHAR",
    "ma_don_vi": "VARCHAR",
    "record_key": "VARCHAR",
    "in_denominator": "BOOLEAN",
    "is_favourable": "BOOLEAN",
    "flags": "VARCHAR[]",
    "value_double": "DOUBLE",
}
INDEX766_METRIC_PREFIX = "qd766_"


class ModelError(RuntimeError):
    """A model's SQL failed; the message names the model and its folder."""


@dataclass
class Model:
    name: str
    layer: str
    path: Path
    metadata: dict[str, Any]
    query: str | None
    depends_on: list[str] = field(default_factory=list)

    @property
    def materialized(self) -> str:
        m = str(self.metadata.get("materialized", "table")).lower()
        if m not in ("table", "view"):
            raise ModelError(f"{self.path}: materialized must be table or view, not {m!r}")
        return m

    @property
    def kind(self) -> str | None:
        return self.metadata.get("kind")

    @property
    def layer_rank(self) -> int:
        if self.layer == MACROS:  # macros as soon as they can be created
            return -1
        return LAYERS.index(self.layer) if self.layer in LAYERS else len(LAYERS)

    @property
    def macro_names(self) -> list[str]:
        """The macros a `sql/macros/` file creates (empty for a model)."""
        return list(self.metadata.get("macros") or [])


@dataclass
class Check:
    model: str
    name: str
    severity: str
    description: str
    sql: str
    title: str = ""  # a short Vietnamese title: what the pages show instead of the name


# ----------------------------------------------------------------------------- discovery


def _strip_sql(text: str) -> str:
    text = text.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    return text


def discover(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Every model folder under sql_dir/<layer>/ (folders starting with `_` or `.` skipped)."""
    models: list[Model] = []
    seen: dict[str, Path] = {}
    layer_dirs = [sql_dir / layer for layer in LAYERS if (sql_dir / layer).is_dir()]
    for layer_dir in layer_dirs:
        for folder in sorted(p for p in layer_dir.iterdir() if p.is_dir()):
            if folder.name.startswith(("_", ".")):
                continue
            meta_path = folder / "metadata.yaml"
            query_path = folder / "query.sql"
            if not meta_path.exists() and not query_path.exists():
                continue
            if (folder / "macros.sql").exists():
                raise ModelError(f"{folder / 'macros.sql'}: macros live in {sql_dir / MACROS}/<topic>.sql")
            meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            meta = meta or {}
            name = str(meta.get("name") or folder.name)
            if name != folder.name:
                raise ModelError(
                    f"{folder}: the folder of a model is named after the model: metadata "
                    f"name {name!r} lives in sql/{layer_dir.name}/{name}/, not in "
                    f"sql/{layer_dir.name}/{folder.name}/ (rename the folder or the model)"
                )
            if name in seen:
                raise ModelError(f"model {name!r} defined twice: {seen[name]} and {folder}")
            seen[name] = folder
            query = _strip_sql(query_path.read_text(encoding="utf-8")) if query_path.exists() else None
            if query is None and not meta.get("generated"):
                raise ModelError(f"{folder}: no query.sql")
            deps = meta.get("depends_on") or []
            if isinstance(deps, str):
                deps = [deps]
            models.append(Model(name, layer_dir.name, folder, meta, query, [str(d) for d in deps]))
    models.extend(discover_macros(sql_dir))
    _resolve_generated(models)
    _infer_dependencies(models)
    return models


def discover_macros(sql_dir: Path = SQL_DIR) -> list[Model]:
    """One node per `sql_dir/macros/<topic>.sql` (files starting with `_` or `.` skipped)."""
    macro_dir = sql_dir / MACROS
    if not macro_dir.is_dir():
        return []
    nodes: list[Model] = []
    defined: dict[str, Path] = {}
    for path in sorted(macro_dir.glob("*.sql")):
        if path.name.startswith(("_", ".")):
            continue
        text = path.read_text(encoding="utf-8")
        names = [n.lower() for n in _MACRO_NAME.findall(_strip_comments(text))]
        if not names:
            raise ModelError(f"{path}: no CREATE MACRO statement")
        for n in names:
            if n in defined and defined[n] != path:
                raise ModelError(f"macro {n!r} defined twice: {defined[n]} and {path}")
            defined[n] = path
        nodes.append(Model(f"{MACROS}/{path.stem}", MACROS, path, {"kind": "macro", "macros": names}, text))
    return nodes


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", " ", sql)
    return re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)


def _sql_identifiers(sql: str) -> set[str]:
    """Identifiers of a query, string literals and comments removed."""
    sql = re.sub(r"'(?:[^']|'')*'", " ", _strip_comments(sql))
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sql.lower()))


def _infer_dependencies(models: list[Model]) -> None:
    """Add to depends_on every other model whose name the query mentions (belt and braces), and
    the `sql/macros/` file of every macro it calls."""
    names = {m.name.lower(): m.name for m in models if m.kind != "macro"}
    names.update({macro: m.name for m in models for macro in m.macro_names})
    for m in models:
        if not m.query:
            continue
        found = {names[i] for i in _sql_identifiers(m.query) if i in names and names[i] != m.name}
        m.depends_on = sorted(set(m.depends_on) | found)


def metric_models(models: list[Model]) -> list[Model]:
    return sorted((m for m in models if m.kind == "metric"), key=lambda m: m.name)


def index766_indicator_models(models: list[Model]) -> list[Model]:
    """The QĐ 766 indicators (`sql/index766/ind_<id>/`, metadata `kind: index766_indicator`)."""
    return sorted((m for m in models if m.kind == "index766_indicator"), key=lambda m: m.name)


def index766_metric_id(indicator_id: str) -> str:
    """The id of an indicator's ratio in metric_values: qd766_<id> with `.` → `_` (3.5a → qd766_3_5a)."""
    return INDEX766_METRIC_PREFIX + str(indicator_id).replace(".", "_")


def _as_metric(m: Model) -> Model:
    """An indicator seen as a metric of dim_metric (its ratio reaches metric_values as qd766_<id>)."""
    md = m.metadata
    if not md.get("indicator_id"):
        raise ModelError(f"{m.path}: an index766_indicator needs indicator_id")
    meta = {
        **md,
        "metric_id": index766_metric_id(md["indicator_id"]),
        "unit": "ratio",
        "grouped": False,
        "unique_units": False,
        "accumulation": md.get("accumulation", "non_additive"),
        "display_decimals": md.get("display_decimals", 1),
    }
    return Model(m.name, m.layer, m.path, meta, m.query, m.depends_on)


def _resolve_generated(models: list[Model]) -> None:
    metrics = metric_models(models)
    indicators = index766_indicator_models(models)
    catalogue = metrics + [_as_metric(m) for m in indicators]
    # models that emit metric facts for metrics declared elsewhere (the indicators' ratios)
    fact_sources = sorted((m for m in models if m.kind == "metric_facts"), key=lambda m: m.name)
    for m in models:
        gen = m.metadata.get("generated")
        if not gen:
            continue
        if gen == "metric_union":
            m.depends_on = sorted(set(m.depends_on) | {x.name for x in metrics + fact_sources})
            m.query = metric_union_sql(metrics + fact_sources)
        elif gen == "metric_catalog":
            m.query = metric_catalog_sql(catalogue)
        elif gen == "required_columns":
            m.query = required_columns_sql(catalogue, m.path / "empty_cells.yaml")
        elif gen == "index766_catalog":
            m.query = index766_catalog_sql(indicators)
        elif gen == "index766_union":
            m.depends_on = sorted(set(m.depends_on) | {x.name for x in indicators})
            m.query = index766_union_sql(indicators)
        else:
            raise ModelError(f"{m.path}: unknown generated kind {gen!r}")


def _lit(v: Any) -> str:
    if v is None:
        return "NULL"
    return "'" + str(v).replace("'", "''") + "'"


def metric_union_sql(metrics: list[Model]) -> str:
    def cols(m: Model) -> str:
        declared = set((m.metadata.get("columns") or {}).keys())
        return ", ".join(
            f"CAST({OPTIONAL_FACT_COLUMNS[c] if c in OPTIONAL_FACT_COLUMNS and c not in declared else c} AS {t}) AS {c}"
            for c, t in FACT_COLUMNS.items()
        )

    if not metrics:
        empty = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in FACT_COLUMNS.items())
        return f"SELECT {empty} WHERE false"
    parts = [f"SELECT {cols(m)} FROM {m.name}" for m in metrics]
    return "\nUNION ALL BY NAME\n".join(parts)


def index766_union_sql(indicators: list[Model]) -> str:
    """index766_facts: every indicator's record-level facts, cast to the interface's columns;
    `value_double` only from indicators that declare it among their columns."""

    def cols(m: Model) -> str:
        declared = set((m.metadata.get("columns") or {}).keys())
        return ", ".join(
            f"CAST({c} AS {t}) AS {c}" if c != "value_double" or c in declared else f"CAST(NULL AS {t}) AS {c}"
            for c, t in INDEX766_FACT_COLUMNS.items()
        )

    if not indicators:
        empty = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in INDEX766_FACT_COLUMNS.items())
        return f"SELECT {empty} WHERE false"
    return "\nUNION ALL\n".join(f"SELECT {cols(m)} FROM {m.name}" for m in indicators)


def index766_catalog_sql(indicators: list[Model]) -> str:
    """index766_indicator_catalog: one row per indicator model (id, model, its metric_values id,
    roll-up rule any|all, Vietnamese name)."""
    cols = {
        "indicator_id": "VARCHAR",
        "model": "VARCHAR",
        "metric_id": "VARCHAR",
        "rollup": "VARCHAR",
        "ten_chi_so": "VARCHAR",
    }
    rows = []
    for m in indicators:
        md = m.metadata
        rollup = md.get("rollup", "any")
        if rollup not in ("any", "all"):
            raise ModelError(f"{m.path}: rollup must be any or all, not {rollup!r}")
        values = [
            str(md.get("indicator_id")),
            m.name,
            index766_metric_id(md.get("indicator_id")),
            rollup,
            md.get("friendly_name_vi"),
        ]
        rows.append("(" + ", ".join(_lit(v) for v in values) + ")")
    typed = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in cols.items())
    if not rows:
        return f"SELECT {typed} FROM (SELECT {', '.join('NULL AS ' + c for c in cols)}) WHERE false"
    return f"SELECT {typed} FROM (VALUES {', '.join(rows)}) AS t({', '.join(cols)})"


def metric_catalog_sql(metrics: list[Model]) -> str:
    """dim_metric: one row per metric from its metadata.yaml, including the facts reports read
    (unit_noun, accumulation, display_decimals, report_section, report_order; sql/README.md)."""
    cols = (
        "metric_id",
        "unit",
        "grouped",
        "unique_units",
        "model",
        "layer_folder",
        "name_vi",
        "description_vi",
        "definition_vi",
        "numerator_vi",
        "denominator_vi",
        "unit_noun",
        "accumulation",
        "display_decimals",
        "report_section",
        "report_order",
    )
    rows = []
    for m in metrics:
        md = m.metadata
        acc, decimals, order_ = md.get("accumulation"), md.get("display_decimals"), md.get("report_order")
        if acc not in (None, "flow", "snapshot", "non_additive"):
            raise ModelError(f"{m.path}: accumulation must be flow, snapshot or non_additive, not {acc!r}")
        for key, v in (("display_decimals", decimals), ("report_order", order_)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
                raise ModelError(f"{m.path}: {key} must be an integer, not {v!r}")
        rows.append(
            "("
            + ", ".join(
                [
                    _lit(md.get("metric_id", m.name)),
                    _lit(md.get("unit", "ratio")),
                    "true" if md.get("grouped") else "false",
                    "true" if md.get("unique_units") else "false",
                    _lit(m.name),
                    _lit(str(m.path.relative_to(m.path.parent.parent.parent))),
                    _lit(md.get("friendly_name_vi")),
                    _lit(md.get("description_vi")),
                    _lit(md.get("definition_vi")),
                    _lit(md.get("numerator_vi")),
                    _lit(md.get("denominator_vi")),
                    _lit(md.get("unit_noun")),
                    _lit(acc),
                    _lit(decimals),
                    _lit(md.get("report_section")),
                    _lit(order_),
                ]
            )
            + ")"
        )
    typed = (
        "CAST(metric_id AS VARCHAR) AS metric_id, CAST(unit AS VARCHAR) AS unit, "
        "CAST(grouped AS BOOLEAN) AS grouped, CAST(unique_units AS BOOLEAN) AS unique_units, "
        "CAST(model AS VARCHAR) AS model, "
        "CAST(layer_folder AS VARCHAR) AS thu_muc, CAST(name_vi AS VARCHAR) AS ten_chi_so, "
        "CAST(description_vi AS VARCHAR) AS mo_ta, CAST(definition_vi AS VARCHAR) AS dinh_nghia, "
        "CAST(numerator_vi AS VARCHAR) AS tu_so, CAST(denominator_vi AS VARCHAR) AS mau_so, "
        "CAST(unit_noun AS VARCHAR) AS unit_noun, CAST(accumulation AS VARCHAR) AS accumulation, "
        "CAST(display_decimals AS INTEGER) AS display_decimals, "
        "CAST(report_section AS VARCHAR) AS report_section, CAST(report_order AS INTEGER) AS report_order"
    )
    if not rows:
        return f"SELECT {typed} FROM (SELECT {', '.join('NULL AS ' + c for c in cols)}) WHERE false"
    return f"SELECT {typed} FROM (VALUES {', '.join(rows)}) AS t({', '.join(cols)})"


REQUIRED_COLUMNS = {
    "metric_id": "VARCHAR",
    "entity": "VARCHAR",
    "column_name": "VARCHAR",
    "ten_cot": "VARCHAR",
    "o_trong": "VARCHAR",
    "gia_tri_mac_dinh": "VARCHAR",
    "can_cu": "VARCHAR",
}
EMPTY_KINDS = ("mac_dinh", "duoc_trong")  # else an empty cell is missing data ("thieu")


def _required_column(m: Model, ref: Any) -> tuple[str, str]:
    """`entity.column` of a metric's `required_columns:` entry, checked against the contract."""
    entity, _, column = str(ref).partition(".")
    if column not in ENTITIES.get(entity, {}):
        raise ModelError(f"{m.path}: required column {ref!r} is not <entity>.<parsed column> (docs/parsed-contract.md)")
    return entity, column


def required_columns_sql(metrics: list[Model], rules_path: Path) -> str:
    """dim_metric_required_column: every metric's `required_columns:` (metrics.md, "Required
    columns"), with the column's Vietnamese header (the first header of aliases.yaml) and what an
    empty cell of it means (`empty_cells.yaml`: a source default of exports.md, a cell the
    contract allows to be empty, else missing data)."""
    rules = yaml.safe_load(rules_path.read_text(encoding="utf-8")) if rules_path.exists() else {}
    rules = rules or {}
    headers = config().entities
    rows = []
    for m in metrics:
        for ref in m.metadata.get("required_columns") or []:
            entity, column = _required_column(m, ref)
            kind, default, basis = "thieu", None, None
            for k in EMPTY_KINDS:
                rule = (rules.get(k) or {}).get(f"{entity}.{column}")
                if rule:
                    kind, default, basis = k, rule.get("value"), rule.get("basis")
            header = (headers.get(entity, {}).get("columns", {}).get(column) or [column])[0]
            values = [m.metadata.get("metric_id", m.name), entity, column, header, kind, default, basis]
            rows.append("(" + ", ".join(_lit(v) for v in values) + ")")
    typed = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in REQUIRED_COLUMNS.items())
    if not rows:
        return f"SELECT {typed} FROM (SELECT {', '.join('NULL AS ' + c for c in REQUIRED_COLUMNS)}) WHERE false"
    return f"SELECT {typed} FROM (VALUES {', '.join(rows)}) AS t({', '.join(REQUIRED_COLUMNS)})"


# ----------------------------------------------------------------------------- ordering


def order(models: list[Model]) -> list[Model]:
    """Topological order over depends_on; ties broken by layer then name. Cycles raise."""
    by_name = {m.name: m for m in models}
    indeg = {m.name: 0 for m in models}
    children: dict[str, list[str]] = {m.name: [] for m in models}
    for m in models:
        for d in set(m.depends_on):
            if d in by_name and d != m.name:
                indeg[m.name] += 1
                children[d].append(m.name)
    heap = [(by_name[n].layer_rank, n) for n, k in indeg.items() if k == 0]
    heapq.heapify(heap)
    out: list[Model] = []
    while heap:
        _, n = heapq.heappop(heap)
        out.append(by_name[n])
        for c in children[n]:
            indeg[c] -= 1
            if indeg[c] == 0:
                heapq.heappush(heap, (by_name[c].layer_rank, c))
    if len(out) != len(models):
        stuck = sorted(n for n, k in indeg.items() if k > 0)
        raise ModelError(f"dependency cycle among models: {', '.join(stuck)}")
    return out


# ----------------------------------------------------------------------------- running


def _q(s: str) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def apply_comments(con, model: Model) -> None:
    """COMMENT ON TABLE/VIEW and COLUMN from metadata (Vietnamese)."""
    md = model.metadata
    kind = "VIEW" if model.materialized == "view" else "TABLE"
    parts = [md.get("friendly_name_vi"), md.get("description_vi")]
    text = " — ".join(str(p).strip() for p in parts if p)
    if md.get("grain"):
        text += f" (Mỗi dòng: {str(md['grain']).strip()})"
    if text:
        con.execute(f"COMMENT ON {kind} {model.name} IS {_q(text)}")
    cols = md.get("columns") or {}
    if cols:
        existing = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [model.name]
            ).fetchall()
        }
        for col, desc in cols.items():
            if desc is None or col not in existing:
                continue
            if isinstance(desc, dict):
                desc = desc.get("description_vi") or desc.get("mo_ta") or ""
            con.execute(f'COMMENT ON COLUMN {model.name}."{col}" IS {_q(str(desc).strip())}')


def run_macros(con, node: Model) -> None:
    """Create the macros of a `sql/macros/` file (persistent: they are published)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for stmt in _split_statements(node.query or ""):
            con.execute(stmt)
        con.execute("COMMIT")
    except Exception as e:  # noqa: BLE001 - re-raised with the file named
        try:
            con.execute("ROLLBACK")
        except Exception:  # noqa: BLE001
            pass
        raise ModelError(f"macros {node.name} ({node.path}) failed: {e}") from e


def run_model(con, model: Model) -> float:
    t0 = time.perf_counter()
    if model.kind == "macro":
        run_macros(con, model)
        return time.perf_counter() - t0
    kind = "VIEW" if model.materialized == "view" else "TABLE"
    other = "TABLE" if kind == "VIEW" else "VIEW"
    # a model that changed materialisation: drop the old object of the other kind
    exists_other = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?"
        if other == "TABLE"
        else "SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND NOT internal",
        [model.name],
    ).fetchone()[0]
    if exists_other:
        con.execute(f"DROP {other} {model.name}")
    # one transaction per model: the table and its comments commit together (one WAL flush
    # instead of one per COMMENT statement)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE OR REPLACE {kind} {model.name} AS\n{model.query}")
        apply_comments(con, model)
        con.execute("COMMIT")
    except Exception as e:  # noqa: BLE001 - re-raised with the model named
        try:
            con.execute("ROLLBACK")
        except Exception:  # noqa: BLE001
            pass
        raise ModelError(f"model {model.name} ({model.path}) failed: {e}") from e
    return time.perf_counter() - t0


def _split_statements(text: str) -> list[str]:
    """Split a SQL script on `;` at line ends (enough for our macro files; whole-line comments dropped)."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    stmts = [s.strip() for s in re.split(r";\s*(?:\n|$)", "\n".join(lines))]
    return [s for s in stmts if s]


def run_models(
    con, sql_dir: Path = SQL_DIR, models: list[Model] | None = None, only: set[str] | None = None
) -> dict[str, float]:
    """Build every model (or `only` those) in order; returns seconds per model."""
    models = order(models if models is not None else discover(sql_dir))
    timings: dict[str, float] = {}
    for m in models:
        if only is not None and m.name not in only:
            continue
        timings[m.name] = run_model(con, m)
    return timings


# ----------------------------------------------------------------------------- checks

_CHECK_HEADER = re.compile(r"^\s*--\s*check:\s*(?P<name>[\w.\-]+)\s*(?P<rest>.*)$", re.IGNORECASE)


def parse_checks(text: str, model: str = "") -> list[Check]:
    """Blocks `-- check: <name> severity=fail|warn title="<tên tiếng Việt>"`, `-- <mô tả>`, one
    SELECT. The title is what a person reads instead of the name (the data-quality page)."""
    checks: list[Check] = []
    cur: dict[str, Any] | None = None

    def flush():
        if cur is None:
            return
        sql = _strip_sql("\n".join(cur["body"]))
        if not sql:
            raise ModelError(f"check {cur['name']} of {model}: no SELECT")
        checks.append(Check(model, cur["name"], cur["severity"], " ".join(cur["desc"]).strip(), sql, cur["title"]))

    for line in text.splitlines():
        m = _CHECK_HEADER.match(line)
        if m:
            flush()
            sev = re.search(r"severity\s*=\s*(\w+)", m.group("rest"))
            severity = (sev.group(1) if sev else "fail").lower()
            if severity not in ("fail", "warn"):
                raise ModelError(f"check {m.group('name')} of {model}: severity {severity!r}")
            title = re.search(r'title\s*=\s*"([^"]*)"', m.group("rest"))
            cur = {
                "name": m.group("name"),
                "severity": severity,
                "title": title.group(1).strip() if title else "",
                "desc": [],
                "body": [],
                "in_body": False,
            }
            continue
        if cur is None:
            continue
        s = line.strip()
        if not cur["in_body"] and s.startswith("--"):
            cur["desc"].append(s[2:].strip())
            continue
        if not cur["in_body"] and not s:
            continue
        cur["in_body"] = True
        cur["body"].append(line)
    flush()
    return checks


def model_checks(models: list[Model]) -> list[Check]:
    out: list[Check] = []
    for m in models:
        if m.kind == "macro":
            continue
        p = m.path / "checks.sql"
        if p.exists():
            out.extend(parse_checks(p.read_text(encoding="utf-8"), m.name))
    return out


def check_titles(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    """Every check's name → its Vietnamese title (for results saved before titles existed)."""
    return {c.name: c.title for c in model_checks(discover(sql_dir)) if c.title}


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def run_checks(
    con, models: list[Model] | None = None, sql_dir: Path = SQL_DIR, sample_size: int = 5
) -> list[dict[str, Any]]:
    """Run every check; a check whose SQL errors is reported with `error` (and fails if `fail`)."""
    models = order(models if models is not None else discover(sql_dir))
    results = []
    for c in model_checks(models):
        res = {
            "model": c.model,
            "name": c.name,
            "severity": c.severity,
            "title": c.title,
            "description": c.description,
            "failing_rows": 0,
            "sample": [],
            "error": None,
        }
        try:
            n = con.execute(f"SELECT count(*) FROM (\n{c.sql}\n) AS _c").fetchone()[0]
            res["failing_rows"] = int(n)
            if n:
                cur = con.execute(f"SELECT * FROM (\n{c.sql}\n) AS _c LIMIT {int(sample_size)}")
                cols = [d[0] for d in cur.description]
                res["sample"] = [{k: _jsonable(v) for k, v in zip(cols, row)} for row in cur.fetchall()]
        except Exception as e:  # noqa: BLE001 - a broken check is reported, not raised
            res["error"] = str(e)
            res["failing_rows"] = None
        results.append(res)
    return results


def is_failure(check: dict[str, Any]) -> bool:
    return check["severity"] == "fail" and (check.get("error") is not None or (check["failing_rows"] or 0) > 0)
