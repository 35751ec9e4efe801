"""The inspectors' sandbox: a fresh, read-only, locked DuckDB connection per query.

Three layers, each enough on its own for what it covers:

1. **Statement filter** (`check_sql`): the text is split by DuckDB's own parser; only reading
   statements pass (SELECT / FROM / WITH / VALUES / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN, and a
   few read-only PRAGMA/CALL introspection functions). Everything else (COPY, EXPORT, ATTACH,
   INSTALL, LOAD, SET, RESET, CREATE, INSERT, UPDATE, DELETE, DROP, ALTER, COMMENT, transactions,
   CHECKPOINT, VACUUM…) is refused with a Vietnamese message before DuckDB runs anything. Then
   each reading statement is parsed by DuckDB itself (`json_serialize_sql`) and its parse tree
   is checked (`check_tree`): every function call against an allow-list (quoted, upper-case or
   schema-qualified names are the same node), every table reference (no file paths, no system
   view that prints the data path, settings or home folder), and size arguments of amplifying
   functions (`repeat`, `lpad`, scalar `range`…) that DuckDB's memory limit does not cover. A
   statement DuckDB cannot serialise is refused. This also covers the published file itself,
   which DuckDB would otherwise let a query read as bytes (`read_blob`).
2. **DuckDB configuration** (`open_sandbox`): `read_only=True`; no extension auto-install/load;
   `temp_directory=''` (a big query fails on memory instead of spilling files next to the
   published database); `enable_external_access=false` (no file, network, extension or Python
   variable access); `python_enable_replacements=false`; `memory_limit`, `threads`,
   `max_execution_time` (DuckDB 2.x's per-query timeout, in ms); and **last**
   `lock_configuration=true`, so that no statement can undo any of it.
3. **A watchdog** (`threading.Timer` → `con.interrupt()`) a little after the timeout, in case a
   query escapes DuckDB's own timer (e.g. while results are being materialised).

Each call opens its own connection and closes it: the nightly run publishes by `os.replace` of
the database file, so a query started before the swap finishes on its snapshot and the next one
sees the new file; nothing keeps the file open between statements.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipelines.settings import SQL_DIR, TIME_ZONE


@dataclass(frozen=True)
class Limits:
    """Resource caps of one inspector query (env overrides: MOTCUA_SQL_MEMORY, _THREADS, _TIMEOUT_S)."""

    memory_limit: str = "1GB"
    threads: int = 2
    timeout_s: float = 120.0

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            memory_limit=os.environ.get("MOTCUA_SQL_MEMORY", cls.memory_limit),
            threads=int(os.environ.get("MOTCUA_SQL_THREADS", cls.threads)),
            timeout_s=float(os.environ.get("MOTCUA_SQL_TIMEOUT_S", cls.timeout_s)),
        )


class InspectError(Exception):
    """A query refused by the sandbox, or failed: `str(e)` is the Vietnamese message to show."""

    def __init__(self, message: str, kind: str = "loi", detail: str | None = None):
        super().__init__(message)
        self.kind = kind  # tu_choi (refused) | het_gio (timeout) | bo_nho | cu_phap | loi
        self.detail = detail  # DuckDB's own message, when there is one


# ----------------------------------------------------------------------------- statement filter

ALLOWED_TYPES = {"SELECT", "EXPLAIN"}
# read-only introspection: PRAGMA x / CALL x(...) with these names
SAFE_PRAGMAS = {
    "show_tables",
    "show_tables_expanded",
    "table_info",
    "pragma_table_info",
    "show",
    "version",
    "pragma_version",
    "database_size",
    "pragma_database_size",
    "storage_info",
    "pragma_storage_info",
    "functions",
    "collations",
    "platform",
    "user_agent",
    "metadata_info",
}
FILE_FUNCTIONS = {
    "read_csv",
    "read_csv_auto",
    "read_tsv",
    "read_tsv_auto",
    "read_parquet",
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "parquet_file_metadata",
    "parquet_kv_metadata",
    "parquet_bloom_probe",
    "read_json",
    "read_json_auto",
    "read_json_objects",
    "read_json_objects_auto",
    "read_ndjson",
    "read_ndjson_auto",
    "read_ndjson_objects",
    "read_text",
    "read_blob",
    "read_xlsx",
    "read_duckdb",
    "glob",
    "sniff_csv",
    "read_file",
    "read_files",
    "delta_scan",
    "iceberg_scan",
    "sqlite_scan",
    "sqlite_attach",
    "postgres_scan",
    "mysql_scan",
    "httpfs",
    "load_aws_credentials",
    "duckdb_secrets",
    "which_secret",
    "getenv",
    "write_log",
    "checkpoint",
    "force_checkpoint",
}
# functions that run SQL given as a string (it would pass the statement filter unseen)
STRING_SQL_FUNCTIONS = {"query", "json_execute_serialized_sql", "json_deserialize_sql"}

_TYPE_VI = {
    "COPY": "sao chép dữ liệu ra/vào tệp (COPY)",
    "EXPORT": "xuất cơ sở dữ liệu ra tệp (EXPORT)",
    "ATTACH": "gắn thêm cơ sở dữ liệu (ATTACH)",
    "DETACH": "tháo cơ sở dữ liệu (DETACH)",
    "LOAD": "cài đặt hoặc nạp tiện ích mở rộng (INSTALL/LOAD)",
    "SET": "thay đổi cấu hình (SET/RESET/USE)",
    "VARIABLE_SET": "đặt biến phiên (SET VARIABLE)",
    "CREATE": "tạo đối tượng (CREATE: bảng, view, macro, secret…)",
    "INSERT": "thêm dữ liệu (INSERT)",
    "UPDATE": "sửa dữ liệu (UPDATE)",
    "DELETE": "xóa dữ liệu (DELETE)",
    "DROP": "xóa đối tượng (DROP)",
    "ALTER": "sửa cấu trúc hoặc chú thích (ALTER/COMMENT ON)",
    "TRANSACTION": "giao dịch (BEGIN/COMMIT/ROLLBACK)",
    "VACUUM": "VACUUM",
    "PRAGMA": "PRAGMA thay đổi cấu hình",
    "CALL": "CALL hàm hệ thống",
    "PREPARE": "PREPARE",
    "EXECUTE": "EXECUTE",
    "ANALYZE": "ANALYZE",
    "MERGE_INTO": "MERGE",
    "UPDATE_EXTENSIONS": "cập nhật tiện ích mở rộng",
    "MULTI": "nhiều câu lệnh gộp",
}


def _strip_literals(sql: str) -> str:
    """The SQL without comments and string literals (for name checks)."""
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    sql = re.sub(r"\$\$.*?\$\$", "''", sql, flags=re.S)
    return sql


def refused(what: str) -> InspectError:
    return InspectError(
        f"Không được phép: {what}. Cơ sở dữ liệu chỉ cho phép đọc (SELECT) trong phạm vi dữ liệu đã công bố.",
        kind="tu_choi",
    )


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", " ", sql)
    return re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)


# ----------------------------------------------------------------------------- parse-tree checks
#
# The decision is taken on DuckDB's own parse tree (`json_serialize_sql`), not on names as typed:
# a quoted, upper-case or schema-qualified name (`"read_blob"`, `READ_TEXT`, `system.main.query`)
# is the same node as the plain one. Every function call (scalar, aggregate, window, table
# function) and every table reference of every SELECT, subquery, CTE, lateral join, DESCRIBE /
# SUMMARIZE target is collected and checked:
#
# * scalar/aggregate/window functions against an ALLOW-list: DuckDB's built-in ones
#   (`duckdb_functions()` of a bare instance) minus DENIED_FUNCTIONS (file, network, settings,
#   environment, SQL-in-a-string, sequences, logs, sleeps);
# * table functions against the short TABLE_FUNCTIONS allow-list (ranges, unnest and the catalog
#   listings that reveal no path);
# * table references: no path-looking name (replacement scans `FROM 'x.csv'`), none of the
#   system views that print the data path, settings or home directory (DENIED_VIEWS), no
#   `SHOW <setting>`;
# * amplifiers: DuckDB's `memory_limit` bounds its buffer-managed memory (aggregates, joins,
#   sorts: `string_agg`/`list` over 300M rows stop at the limit) but not the vector a scalar
#   function builds: `repeat('x', 2000000000)` peaked at 4 GB and `range(400000000)` (a scalar
#   list) at 15 GB against a 1 GB limit. So functions whose output size is set by an argument
#   need that argument as a literal under a cap (AMPLIFIER_CAPS), may not be nested in one
#   another, and printf/format need a literal format without huge widths.
#
# EXPLAIN (its inner SELECT is checked), CALL (checked as `SELECT * FROM <call>`) and PRAGMA
# (SAFE_PRAGMAS with literal arguments only) are not serialisable and are handled by type.

DENIED_FUNCTIONS = (
    {
        # settings, environment, the session's own text
        "current_setting",
        "getenv",
        "getvariable",
        "current_query",
        "in_search_path",
        # SQL given as a string / serialized plans
        "query",
        "query_table",
        "json_execute_serialized_sql",
        "json_deserialize_sql",
        "json_serialize_sql",
        # sequences (writes), logs, sleeps
        "nextval",
        "currval",
        "setval",
        "write_log",
        "parse_duckdb_log_message",
        "sleep_ms",
        "pg_sleep",
        # internal helpers
        "to_aggregate_state",
        "combine_aggr",
    }
    | FILE_FUNCTIONS
    | STRING_SQL_FUNCTIONS
)
DENIED_PREFIXES = (
    "read_",
    "parquet_",
    "duckdb_",
    "pragma_",
    "__internal",
    "glob",
    "sniff_",
    "which_secret",
    "iceberg_",
    "delta_",
    "sqlite_",
    "postgres_",
    "mysql_",
)

# table functions an inspector may call (none of them prints a path, a setting or the home folder)
TABLE_FUNCTIONS = {
    "range",
    "generate_series",
    "unnest",
    "duckdb_tables",
    "duckdb_views",
    "duckdb_columns",
    "duckdb_schemas",
    "duckdb_constraints",
    "duckdb_types",
    "duckdb_indexes",
    "pragma_table_info",
    "pragma_show",
    "pragma_storage_info",
    "pragma_database_size",
    "pragma_version",
    "pragma_collations",
    "pragma_platform",
    "pragma_user_agent",
}
# system views that print the database path, the settings or the home directory
DENIED_VIEWS = {
    "duckdb_databases",
    "pragma_database_list",
    "pg_settings",
    "duckdb_settings",
    "duckdb_logs",
    "duckdb_secrets",
    "duckdb_extensions",
    "duckdb_temporary_files",
}
SHOW_SPECIAL_OK = {'"tables"', "__show_tables_expanded", '"databases"'}

# function -> (index of the size argument, cap); the size must be an integer literal <= cap
AMPLIFIER_CAPS = {
    "repeat": (1, 10_000),
    "lpad": (1, 10_000),
    "rpad": (1, 10_000),
    "list_resize": (1, 10_000),
    "array_resize": (1, 10_000),
    "bar": (3, 1_000),
}
REPEAT_BYTES_CAP = 1_000_000  # repeat(<literal>, n): len(literal) * n
REPEAT_COLUMN_CAP = 100  # repeat(<column value>, n): n, as it is per row (x 2048 rows a chunk)
SCALAR_RANGE_CAP = 1_000_000  # scalar range()/generate_series(): elements of the one list
REPLACEMENT_LITERAL_CAP = 1_000  # replace()/regexp_replace(): length of a literal replacement
FORMAT_FUNCTIONS = {"printf", "format"}
NO_NESTING = set(AMPLIFIER_CAPS) | {"range", "generate_series", "replace", "regexp_replace"} | FORMAT_FUNCTIONS


@lru_cache(maxsize=1)
def _builtin_functions() -> tuple[frozenset[str], frozenset[str]]:
    """(allowed scalar/aggregate/window function names, DuckDB setting names) of a bare instance."""
    con = _parser()
    try:
        names = {
            r[0].lower()
            for r in con.execute(
                "SELECT DISTINCT function_name FROM duckdb_functions() "
                "WHERE function_type IN ('scalar', 'aggregate', 'macro', 'window')"
            ).fetchall()
        }
        settings = {r[0].lower() for r in con.execute("SELECT name FROM duckdb_settings()").fetchall()}
    finally:
        con.close()
    names |= {"unnest", "unlist"}  # the select-list form of the table function
    names |= project_scalar_macros()
    allowed = {n for n in names if n not in DENIED_FUNCTIONS and not n.startswith(DENIED_PREFIXES)}
    return frozenset(allowed), frozenset(settings)


_MACRO = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?MACRO\s+(\w+)\s*\([^)]*\)\s+AS\s+(TABLE\b)?", re.IGNORECASE)


def project_scalar_macros(sql_dir: Path = SQL_DIR) -> set[str]:
    """The scalar macros of `sql/macros/` (working days, "open and overdue at E"…): the published
    database holds them and the named inspections call them. They are the project's own SQL, so
    they pass; its table macros (internal build helpers) do not."""
    names: set[str] = set()
    for f in sorted((Path(sql_dir) / "macros").glob("*.sql")):
        names |= {m.group(1).lower() for m in _MACRO.finditer(f.read_text(encoding="utf-8")) if not m.group(2)}
    return names


def _parser() -> duckdb.DuckDBPyConnection:
    """A bare in-memory instance used only to parse (no database, no external access)."""
    return duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": "false",
            "autoload_known_extensions": "false",
            "enable_external_access": "false",
        },
    )


def parse_tree(sql: str) -> dict:
    """DuckDB's parse tree of one SELECT (json_serialize_sql), or InspectError."""
    con = _parser()
    try:
        raw = con.execute("SELECT json_serialize_sql($1)", [sql]).fetchone()[0]
    except duckdb.Error as e:
        raise refused("không phân tích được câu truy vấn để kiểm tra an toàn") from e
    finally:
        con.close()
    tree = json.loads(raw)
    if tree.get("error") or len(tree.get("statements") or []) != 1:
        raise refused(
            "không phân tích được câu truy vấn để kiểm tra an toàn ("
            + str(tree.get("error_message") or "nhiều câu lệnh")
            + ")"
        )
    return tree["statements"][0]


@dataclass
class _Call:
    name: str
    node: dict
    table: bool  # a table function (FROM f(...))
    nested_in: tuple  # names of the enclosing function calls


def _walk(node: Any, calls: list[_Call], tables: list[dict], shows: list[dict], outer: tuple = ()) -> None:
    if isinstance(node, list):
        for v in node:
            _walk(v, calls, tables, shows, outer)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind == "TABLE_FUNCTION" and isinstance(node.get("function"), dict):
        fn = node["function"]
        name = str(fn.get("function_name", "")).lower()
        calls.append(_Call(name, fn, True, outer))
        for v in fn.values():
            _walk(v, calls, tables, shows, outer + (name,))
        for k, v in node.items():
            if k != "function":
                _walk(v, calls, tables, shows, outer)
        return
    if kind == "BASE_TABLE":
        tables.append(node)
    elif kind == "SHOW_REF":
        shows.append(node)
    if "function_name" in node:
        name = str(node.get("function_name", "")).lower()
        calls.append(_Call(name, node, False, outer))
        for v in node.values():
            _walk(v, calls, tables, shows, outer + (name,))
        return
    for v in node.values():
        _walk(v, calls, tables, shows, outer)


def _args(node: dict) -> list[dict]:
    out = []
    for a in node.get("children") or node.get("arguments") or []:
        out.append(a.get("expression", a) if isinstance(a, dict) and "expression" in a else a)
    return out


def _literal(expr: Any) -> Any:
    """The Python value of a literal argument (number or string, possibly negated/cast), else None."""
    if not isinstance(expr, dict):
        return None
    if expr.get("class") == "CONSTANT":
        lit = expr.get("literal") or expr.get("value") or {}
        text = lit.get("text") if isinstance(lit, dict) else None
        if text is None and isinstance(lit, dict):
            text = lit.get("value")
        if isinstance(lit, dict) and str(lit.get("kind", "")).upper() == "STRING":
            return str(text)
        try:
            return int(str(text))
        except (TypeError, ValueError):
            try:
                return float(str(text))
            except (TypeError, ValueError):
                return None
    if expr.get("class") == "CAST":
        return _literal(expr.get("child"))
    if expr.get("class") == "FUNCTION" and expr.get("function_name") == "-" and len(_args(expr)) == 1:
        v = _literal(_args(expr)[0])
        return -v if isinstance(v, (int, float)) else None
    return None


def _check_amplifier(c: _Call) -> None:
    name, args = c.name, _args(c.node)
    if name in AMPLIFIER_CAPS:
        idx, cap = AMPLIFIER_CAPS[name]
        if idx >= len(args):
            return
        n = _literal(args[idx])
        if not isinstance(n, (int, float)) or n > cap:
            raise refused(
                f"hàm {name}() với độ dài là hằng số không quá {cap:,}".replace(",", ".")
                + " (giới hạn để truy vấn không vượt bộ nhớ)"
            )
        if name == "repeat":
            s = _literal(args[0])
            if isinstance(s, str) and len(s.encode()) * max(0, n) > REPEAT_BYTES_CAP:
                raise refused(f"repeat() tạo chuỗi quá {REPEAT_BYTES_CAP:,} byte".replace(",", "."))
            if not isinstance(s, str) and n > REPEAT_COLUMN_CAP:
                raise refused(f"repeat() trên giá trị cột với số lần quá {REPEAT_COLUMN_CAP:,}".replace(",", "."))
    elif name in ("range", "generate_series") and not c.table:
        vals = [_literal(a) for a in args]
        if not vals or not all(isinstance(v, int) for v in vals):
            raise refused(
                f"hàm {name}() dạng danh sách chỉ nhận số nguyên hằng (dùng FROM {name}(...) "
                "cho khoảng ngày/giờ hoặc giá trị cột)"
            )
        start, stop, step = (0, vals[0], 1) if len(vals) == 1 else (vals[0], vals[1], vals[2] if len(vals) > 2 else 1)
        count = 0 if step == 0 else max(0, (stop - start) // step + 1)
        if count > SCALAR_RANGE_CAP:
            raise refused(
                f"danh sách {name}() quá {SCALAR_RANGE_CAP:,} phần tử".replace(",", ".")
                + f" (dùng FROM {name}(...) để sinh dòng)"
            )
    elif name in ("replace", "regexp_replace"):
        if len(args) >= 3:
            r = _literal(args[2])
            if isinstance(r, str) and len(r) > REPLACEMENT_LITERAL_CAP:
                raise refused(
                    f"{name}() với chuỗi thay thế dài quá {REPLACEMENT_LITERAL_CAP:,} ký tự".replace(",", ".")
                )
    elif name in FORMAT_FUNCTIONS:
        fmt = _literal(args[0]) if args else None
        if not isinstance(fmt, str):
            raise refused(f"{name}() cần chuỗi định dạng là hằng số")
        if (
            re.search(r"\d{5,}", fmt)
            or (name == "printf" and re.search(r"%[^a-zA-Z%]*\*", fmt))
            or (name == "format" and re.search(r"\{[^{}]*\{", fmt))
        ):
            raise refused(f"{name}() với độ rộng quá lớn hoặc độ rộng tham số hóa")


def _looks_like_path(name: str) -> bool:
    return bool(re.search(r"[/\\.:~*?]", name)) or name.lower().startswith(("http", "s3", "gs", "az", "hf"))


def check_tree(tree: dict) -> None:
    """Refuse (InspectError) a parse tree that calls or reads anything outside the allow-lists."""
    allowed, settings = _builtin_functions()
    calls: list[_Call] = []
    tables: list[dict] = []
    shows: list[dict] = []
    _walk(tree, calls, tables, shows)
    for c in calls:
        if c.table:
            if c.name not in TABLE_FUNCTIONS:
                if c.name in STRING_SQL_FUNCTIONS or c.name in ("query_table",):
                    raise refused(f"chạy câu lệnh SQL viết trong chuỗi ({c.name}); hãy viết câu truy vấn trực tiếp")
                raise refused(f"hàm bảng {c.name}() (chỉ cho phép: " + ", ".join(sorted(TABLE_FUNCTIONS)) + ")")
        elif c.name not in allowed:
            if c.name in STRING_SQL_FUNCTIONS:
                raise refused(f"chạy câu lệnh SQL viết trong chuỗi ({c.name}); hãy viết câu truy vấn trực tiếp")
            if c.name in FILE_FUNCTIONS or c.name.startswith(("read_", "glob", "parquet_", "sniff_")):
                raise refused(f"đọc tệp hoặc tài nguyên ngoài cơ sở dữ liệu ({c.name})")
            raise refused(
                f"hàm {c.name}() không nằm trong danh sách hàm được phép "
                "(cấu hình, môi trường, tệp hoặc hàm không có sẵn)"
            )
        if c.name in NO_NESTING and any(o in NO_NESTING for o in c.nested_in):
            raise refused(f"lồng {c.name}() trong hàm sinh chuỗi/danh sách khác (giới hạn bộ nhớ)")
        _check_amplifier(c)
    for t in tables:
        name = str(t.get("table_name", ""))
        if _looks_like_path(name):
            raise refused("đọc tệp theo đường dẫn")
        if name.lower() in DENIED_VIEWS:
            raise refused(f"xem {name} (lộ đường dẫn dữ liệu hoặc cấu hình)")
    for s in shows:
        st, name = s.get("show_type"), str(s.get("table_name", ""))
        if st == "SHOW_SPECIAL" and name not in SHOW_SPECIAL_OK:
            raise refused(f"SHOW {name.strip(chr(34))}")
        if st == "SHOW" and s.get("query") is None:
            if name.lower() in settings:
                raise refused(f"xem cấu hình ({name})")
            if _looks_like_path(name) or name.lower() in DENIED_VIEWS:
                raise refused(f"SHOW {name}")


_LEAD = r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*"
_LITERAL_ARG = r"(?:'(?:[^']|'')*'|-?[0-9.]+|[A-Za-z_][A-Za-z0-9_.]*)"


def _check_select_text(text: str) -> None:
    check_tree(parse_tree(text))


def _check_one(text: str, tname: str) -> str:
    """The statement to run for one extracted statement (its parse tree checked), or InspectError."""
    if tname == "SELECT":
        _check_select_text(text)
        return text
    if tname == "EXPLAIN":
        m = re.match(_LEAD + r"EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^()]*\)\s*)?(.*)\Z", text, re.I | re.S)
        inner = m.group(1) if m else ""
        kinds = [st.type.name for st in duckdb.extract_statements(inner)] if inner.strip() else []
        if kinds != ["SELECT"]:
            raise refused("EXPLAIN chỉ dùng cho câu SELECT")
        _check_select_text(inner)
        return text
    if tname == "CALL":
        m = re.match(_LEAD + r"CALL\s+(.*)\Z", text, re.I | re.S)
        if not m:
            raise refused("CALL hàm hệ thống")
        select = "SELECT * FROM " + m.group(1)
        _check_select_text(select)
        return select
    if tname == "PRAGMA":
        m = re.match(
            _LEAD
            + r"PRAGMA\s+([A-Za-z_][A-Za-z0-9_]*)\s*(\(\s*(?:"
            + _LITERAL_ARG
            + r"(?:\s*,\s*"
            + _LITERAL_ARG
            + r")*)?\s*\))?\s*;?\s*\Z",
            text,
            re.I | re.S,
        )
        if m and m.group(1).lower() in SAFE_PRAGMAS:
            return text
        raise refused(_TYPE_VI["PRAGMA"])
    raise refused(_TYPE_VI.get(tname, f"câu lệnh {tname}"))


def check_sql(sql: str) -> list[str]:
    """The statements of `sql` (text of each, as it will run), or InspectError when any is not a
    read allowed by the statement filter and the parse-tree checks."""
    if not sql or not sql.strip() or not _strip_literals(sql).strip(" ;\n\t"):
        raise InspectError("Câu truy vấn trống.", kind="cu_phap")
    try:
        stmts = duckdb.extract_statements(sql)
    except duckdb.ParserException as e:
        raise InspectError(f"Lỗi cú pháp SQL: {_first_line(e)}", kind="cu_phap", detail=str(e)) from None
    except duckdb.Error as e:
        raise InspectError(f"Không đọc được câu truy vấn: {_first_line(e)}", kind="cu_phap", detail=str(e)) from None
    out: list[str] = []
    for s in stmts:
        text = s.query.strip().rstrip(";").strip()
        try:
            tname = s.type.name
        except ValueError:  # a statement type the Python enum does not know (e.g. UPDATE EXTENSIONS)
            tname = "UNKNOWN"
        head = _strip_literals(text).lstrip(" (\n\t").split(None, 1)
        word = head[0].upper() if head else ""
        if tname in ("PRAGMA", "CALL"):
            if (
                word == "CALL"
                and re.match(r"\s*CALL\s+(?:force_)?checkpoint\b", _strip_comments(text), re.I)
                or word in ("CHECKPOINT", "FORCE")
            ):
                raise refused("ghi dữ liệu xuống tệp (CHECKPOINT)")
            out.append(_check_one(text, tname))
            continue
        if tname not in ALLOWED_TYPES:
            if word == "UPDATE" and re.search(r"\bEXTENSIONS\b", text, re.I):
                what = _TYPE_VI["UPDATE_EXTENSIONS"]
            elif word == "INSTALL":
                what = "cài đặt tiện ích mở rộng (INSTALL)"
            elif word == "COMMENT":
                what = "sửa chú thích (COMMENT ON)"
            elif word == "RESET":
                what = "thay đổi cấu hình (RESET)"
            elif word == "USE":
                what = "đổi cơ sở dữ liệu (USE)"
            elif word == "CREATE" and re.search(r"\bSECRET\b", text, re.I):
                what = "tạo secret (CREATE SECRET)"
            elif word == "CREATE" and re.search(r"\bMACRO\b|\bFUNCTION\b", text, re.I):
                what = "tạo macro (CREATE MACRO)"
            else:
                what = _TYPE_VI.get(tname, f"câu lệnh {word or tname}")
            raise refused(what)
        out.append(_check_one(text, tname))
    if not out:
        raise InspectError("Câu truy vấn trống.", kind="cu_phap")
    return out


# ----------------------------------------------------------------------------- connection

DB_ALIAS = "motcua"


def open_sandbox(db_path: str | os.PathLike, limits: Limits | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection with external access off, capped resources, configuration locked last.

    The published file is ATTACHed READ_ONLY to a fresh in-memory instance (then `USE motcua` and
    the writable in-memory database is detached), rather than `duckdb.connect(path, read_only=True)`:
    DuckDB's Python client shares one database instance between all connections to the same path
    in a process, and settings are per instance, so the sandbox's lock would leak into (or be
    skipped because of) another connection of the same process, e.g. the nightly run's Parquet
    export. A fresh instance per query keeps the sandbox to itself.
    """
    limits = limits or Limits.from_env()
    db_path = Path(db_path)
    if not db_path.exists():
        raise InspectError(f"Chưa có cơ sở dữ liệu đã công bố: {db_path}. Hãy chạy `motcua run` trước.", kind="loi")
    con = duckdb.connect(
        ":memory:", config={"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}
    )
    path_lit = "'" + str(db_path.resolve()).replace("'", "''") + "'"
    for attempt in range(3):  # the file may be swapped (os.replace) exactly while we open it
        try:
            con.execute(f"ATTACH {path_lit} AS {DB_ALIAS} (READ_ONLY)")
            break
        except duckdb.Error as e:
            if attempt == 2:
                con.close()
                raise InspectError(f"Không mở được cơ sở dữ liệu đã công bố: {_first_line(e)}", detail=str(e)) from None
            time.sleep(0.2)
    con.execute(f"USE {DB_ALIAS}")
    con.execute("DETACH memory")  # no writable database left in this connection
    timeout_ms = max(1, int(limits.timeout_s * 1000))
    for stmt in (
        f"SET TimeZone = '{TIME_ZONE}'",
        "SET temp_directory = ''",  # before external access is disabled
        "SET enable_external_access = false",
        "SET python_enable_replacements = false",
        "SET enable_progress_bar = false",  # no bar on stdout amid csv/json output
        f"SET memory_limit = '{limits.memory_limit}'",
        f"SET threads = {int(limits.threads)}",
        f"SET max_execution_time = {timeout_ms}",
        "SET lock_configuration = true",
    ):  # last: nothing after this can change a setting
        con.execute(stmt)
    return con


def scrub_paths(err: InspectError, db_path: str | os.PathLike) -> InspectError:
    """The error with the database path, its folder and the home folder masked (DuckDB's messages
    may name them, e.g. a refused directory under ~/.duckdb)."""
    secrets = set()
    for p in (Path(db_path), Path(db_path).resolve()):
        secrets |= {str(p), str(p.parent)}
    home = os.path.expanduser("~")
    if home not in ("", "/", "~"):
        secrets.add(home)

    def mask(text: str | None) -> str | None:
        if not text:
            return text
        for sec in sorted(secrets, key=len, reverse=True):
            if len(sec) > 1:
                text = text.replace(sec, "…")
        return text

    out = InspectError(mask(str(err)) or "", kind=err.kind, detail=mask(err.detail))
    return out


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def translate_error(e: BaseException, limits: Limits) -> InspectError:
    """DuckDB's error → a Vietnamese message (original kept in `.detail`)."""
    msg = str(e)
    first = _first_line(e)
    if isinstance(e, duckdb.InterruptException) or "maximum execution time" in msg or "INTERRUPT" in msg:
        return InspectError(
            f"Truy vấn bị dừng vì chạy quá thời gian cho phép ({limits.timeout_s:g} giây). "
            "Hãy thu hẹp điều kiện lọc hoặc dùng LIMIT.",
            kind="het_gio",
            detail=msg,
        )
    if isinstance(e, duckdb.OutOfMemoryException) or "Out of Memory" in msg:
        return InspectError(
            f"Truy vấn vượt giới hạn bộ nhớ ({limits.memory_limit}). Hãy thu hẹp điều kiện lọc hoặc tổng hợp trước.",
            kind="bo_nho",
            detail=msg,
        )
    if (
        isinstance(e, duckdb.PermissionException)
        or "disabled by configuration" in msg
        or "file system operations are disabled" in msg
    ):
        return InspectError(
            "Không được phép: truy cập tệp, mạng hoặc tiện ích ngoài cơ sở dữ liệu "
            "đã bị khóa trong môi trường kiểm tra.",
            kind="tu_choi",
            detail=msg,
        )
    if "configuration has been locked" in msg:
        return InspectError("Không được phép: thay đổi cấu hình (cấu hình đã bị khóa).", kind="tu_choi", detail=msg)
    if "read-only mode" in msg or "read_only" in msg.lower() and "attached" in msg:
        return InspectError(
            "Không được phép: cơ sở dữ liệu chỉ đọc, không thể ghi, tạo, sửa hay xóa.", kind="tu_choi", detail=msg
        )
    if isinstance(e, duckdb.ParserException):
        return InspectError(f"Lỗi cú pháp SQL: {first}", kind="cu_phap", detail=msg)
    if isinstance(e, duckdb.CatalogException):
        return InspectError(
            f"Không tìm thấy bảng, cột hoặc hàm: {first} (xem danh sách bằng `motcua sql --schema`).",
            kind="loi",
            detail=msg,
        )
    if isinstance(e, duckdb.BinderException):
        return InspectError(f"Lỗi tên cột hoặc kiểu dữ liệu: {first}", kind="loi", detail=msg)
    return InspectError(f"Lỗi khi chạy truy vấn: {first}", kind="loi", detail=msg)


def run_sql(
    db_path: str | os.PathLike, sql: str, params: dict[str, Any] | None = None, limits: Limits | None = None
) -> list[pd.DataFrame]:
    """Check and run every statement of `sql` on a fresh sandboxed connection; one DataFrame each."""
    limits = limits or Limits.from_env()
    statements = check_sql(sql)
    con = open_sandbox(db_path, limits)
    timer = threading.Timer(limits.timeout_s + 2.0, con.interrupt)  # belt and braces
    timer.daemon = True
    timer.start()
    out: list[pd.DataFrame] = []
    try:
        for stmt in statements:
            used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", _strip_literals(stmt)))
            p = {k: v for k, v in (params or {}).items() if k in used}
            missing = used - set(p)
            if missing:
                raise InspectError("Thiếu giá trị tham số: " + ", ".join(sorted(missing)), kind="loi")
            try:
                out.append(con.execute(stmt, p).df() if p else con.execute(stmt).df())
            except duckdb.Error as e:
                raise scrub_paths(translate_error(e, limits), db_path) from None
    finally:
        timer.cancel()
        try:
            con.close()
        except duckdb.Error:
            pass
    return out


def query_df(
    db_path: str | os.PathLike, sql: str, params: dict[str, Any] | None = None, limits: Limits | None = None
) -> pd.DataFrame:
    """The result of the last statement of `sql` (see run_sql)."""
    return run_sql(db_path, sql, params, limits)[-1]
