"""The inspectors' sandbox: a fresh, read-only, locked DuckDB connection per query.

Three layers, each enough on its own for what it covers:

1. **Statement filter** (`check_sql`): the text is split by DuckDB's own parser; only reading
   statements pass (SELECT / FROM / WITH / VALUES / DESCRIBE / SHOW / SUMMARIZE / EXPLAIN, and a
   few read-only PRAGMA/CALL introspection functions). Everything else (COPY, EXPORT, ATTACH,
   INSTALL, LOAD, SET, RESET, CREATE, INSERT, UPDATE, DELETE, DROP, ALTER, COMMENT, transactions,
   CHECKPOINT, VACUUM…) is refused with a Vietnamese message before DuckDB runs anything. File
   functions (`read_csv`, `read_text`, `glob`…) are refused by name too, so that the message is
   clear even for the published file itself, which DuckDB would otherwise let a query read as
   bytes.
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

import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipelines.settings import TIME_ZONE


@dataclass(frozen=True)
class Limits:
    """Resource caps of one inspector query (env overrides: MOTCUA_SQL_MEMORY, _THREADS, _TIMEOUT_S)."""

    memory_limit: str = "1GB"
    threads: int = 2
    timeout_s: float = 120.0

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(memory_limit=os.environ.get("MOTCUA_SQL_MEMORY", cls.memory_limit),
                   threads=int(os.environ.get("MOTCUA_SQL_THREADS", cls.threads)),
                   timeout_s=float(os.environ.get("MOTCUA_SQL_TIMEOUT_S", cls.timeout_s)))


class InspectError(Exception):
    """A query refused by the sandbox, or failed: `str(e)` is the Vietnamese message to show."""

    def __init__(self, message: str, kind: str = "loi", detail: str | None = None):
        super().__init__(message)
        self.kind = kind          # tu_choi (refused) | het_gio (timeout) | bo_nho | cu_phap | loi
        self.detail = detail      # DuckDB's own message, when there is one


# ----------------------------------------------------------------------------- statement filter

ALLOWED_TYPES = {"SELECT", "EXPLAIN"}
# read-only introspection: PRAGMA x / CALL x(...) with these names
SAFE_PRAGMAS = {"show_tables", "show_tables_expanded", "table_info", "pragma_table_info", "show",
                "version", "pragma_version", "database_size", "pragma_database_size",
                "storage_info", "pragma_storage_info", "functions", "collations", "platform",
                "user_agent", "metadata_info"}
FILE_FUNCTIONS = {
    "read_csv", "read_csv_auto", "read_tsv", "read_tsv_auto", "read_parquet", "parquet_scan",
    "parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata",
    "parquet_bloom_probe", "read_json", "read_json_auto", "read_json_objects",
    "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
    "read_text", "read_blob", "read_xlsx", "read_duckdb", "glob", "sniff_csv", "read_file",
    "read_files", "delta_scan", "iceberg_scan", "sqlite_scan", "sqlite_attach", "postgres_scan",
    "mysql_scan", "httpfs", "load_aws_credentials", "duckdb_secrets", "which_secret",
    "getenv", "write_log", "checkpoint", "force_checkpoint",
}
# functions that run SQL given as a string (it would pass the statement filter unseen)
STRING_SQL_FUNCTIONS = {"query", "json_execute_serialized_sql", "json_deserialize_sql"}

_TYPE_VI = {
    "COPY": "sao chép dữ liệu ra/vào tệp (COPY)", "EXPORT": "xuất cơ sở dữ liệu ra tệp (EXPORT)",
    "ATTACH": "gắn thêm cơ sở dữ liệu (ATTACH)", "DETACH": "tháo cơ sở dữ liệu (DETACH)",
    "LOAD": "cài đặt hoặc nạp tiện ích mở rộng (INSTALL/LOAD)",
    "SET": "thay đổi cấu hình (SET/RESET/USE)", "VARIABLE_SET": "đặt biến phiên (SET VARIABLE)",
    "CREATE": "tạo đối tượng (CREATE: bảng, view, macro, secret…)",
    "INSERT": "thêm dữ liệu (INSERT)", "UPDATE": "sửa dữ liệu (UPDATE)",
    "DELETE": "xóa dữ liệu (DELETE)", "DROP": "xóa đối tượng (DROP)",
    "ALTER": "sửa cấu trúc hoặc chú thích (ALTER/COMMENT ON)",
    "TRANSACTION": "giao dịch (BEGIN/COMMIT/ROLLBACK)", "VACUUM": "VACUUM",
    "PRAGMA": "PRAGMA thay đổi cấu hình", "CALL": "CALL hàm hệ thống",
    "PREPARE": "PREPARE", "EXECUTE": "EXECUTE", "ANALYZE": "ANALYZE", "MERGE_INTO": "MERGE",
    "UPDATE_EXTENSIONS": "cập nhật tiện ích mở rộng", "MULTI": "nhiều câu lệnh gộp",
}


def _strip_literals(sql: str) -> str:
    """The SQL without comments and string literals (for name checks)."""
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    sql = re.sub(r"\$\$.*?\$\$", "''", sql, flags=re.S)
    return sql


def refused(what: str) -> InspectError:
    return InspectError(f"Không được phép: {what}. Cơ sở dữ liệu chỉ cho phép đọc (SELECT) "
                        "trong phạm vi dữ liệu đã công bố.", kind="tu_choi")


def _called_functions(sql: str) -> set[str]:
    return {m.lower() for m in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", _strip_literals(sql))}


def check_sql(sql: str) -> list[str]:
    """The statements of `sql` (text of each), or InspectError when any is not a read."""
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
            m = re.match(r"\s*(?:PRAGMA|CALL)\s+([A-Za-z_][A-Za-z0-9_]*)\s*(=)?", _strip_literals(text), re.I)
            name = m.group(1).lower() if m else ""
            if name in SAFE_PRAGMAS and not (m and m.group(2)):
                out.append(text)
                continue
            if word == "CALL" and name in ("checkpoint", "force_checkpoint") or word in ("CHECKPOINT", "FORCE"):
                raise refused("ghi dữ liệu xuống tệp (CHECKPOINT)")
            raise refused(_TYPE_VI["PRAGMA"] if tname == "PRAGMA" else f"CALL {name}")
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
        called = _called_functions(text)
        if called & STRING_SQL_FUNCTIONS:
            raise refused("chạy câu lệnh SQL viết trong chuỗi (" + ", ".join(sorted(called & STRING_SQL_FUNCTIONS))
                          + "); hãy viết câu truy vấn trực tiếp")
        bad = called & FILE_FUNCTIONS
        if bad:
            raise refused("đọc tệp hoặc tài nguyên ngoài cơ sở dữ liệu (" + ", ".join(sorted(bad)) + ")")
        if re.search(r"\b(?:FROM|JOIN)\s+''", _strip_literals(text), re.I):  # FROM '<a file>'
            raise refused("đọc tệp theo đường dẫn")
        out.append(text)
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
        raise InspectError(f"Chưa có cơ sở dữ liệu đã công bố: {db_path}. Hãy chạy `motcua run` trước.",
                           kind="loi")
    con = duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": "false", "autoload_known_extensions": "false"})
    path_lit = "'" + str(db_path.resolve()).replace("'", "''") + "'"
    for attempt in range(3):  # the file may be swapped (os.replace) exactly while we open it
        try:
            con.execute(f"ATTACH {path_lit} AS {DB_ALIAS} (READ_ONLY)")
            break
        except duckdb.Error as e:
            if attempt == 2:
                con.close()
                raise InspectError(f"Không mở được cơ sở dữ liệu đã công bố: {_first_line(e)}",
                                   detail=str(e)) from None
            time.sleep(0.2)
    con.execute(f"USE {DB_ALIAS}")
    con.execute("DETACH memory")  # no writable database left in this connection
    timeout_ms = max(1, int(limits.timeout_s * 1000))
    for stmt in (f"SET TimeZone = '{TIME_ZONE}'",
                 "SET temp_directory = ''",              # before external access is disabled
                 "SET enable_external_access = false",
                 "SET python_enable_replacements = false",
                 "SET enable_progress_bar = false",      # no bar on stdout amid csv/json output
                 f"SET memory_limit = '{limits.memory_limit}'",
                 f"SET threads = {int(limits.threads)}",
                 f"SET max_execution_time = {timeout_ms}",
                 "SET lock_configuration = true"):       # last: nothing after this can change a setting
        con.execute(stmt)
    return con


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


def translate_error(e: BaseException, limits: Limits) -> InspectError:
    """DuckDB's error → a Vietnamese message (original kept in `.detail`)."""
    msg = str(e)
    first = _first_line(e)
    if isinstance(e, duckdb.InterruptException) or "maximum execution time" in msg or "INTERRUPT" in msg:
        return InspectError(f"Truy vấn bị dừng vì chạy quá thời gian cho phép ({limits.timeout_s:g} giây). "
                            "Hãy thu hẹp điều kiện lọc hoặc dùng LIMIT.", kind="het_gio", detail=msg)
    if isinstance(e, duckdb.OutOfMemoryException) or "Out of Memory" in msg:
        return InspectError(f"Truy vấn vượt giới hạn bộ nhớ ({limits.memory_limit}). "
                            "Hãy thu hẹp điều kiện lọc hoặc tổng hợp trước.", kind="bo_nho", detail=msg)
    if isinstance(e, duckdb.PermissionException) or "disabled by configuration" in msg \
            or "file system operations are disabled" in msg:
        return InspectError("Không được phép: truy cập tệp, mạng hoặc tiện ích ngoài cơ sở dữ liệu "
                            "đã bị khóa trong môi trường kiểm tra.", kind="tu_choi", detail=msg)
    if "configuration has been locked" in msg:
        return InspectError("Không được phép: thay đổi cấu hình (cấu hình đã bị khóa).",
                            kind="tu_choi", detail=msg)
    if "read-only mode" in msg or "read_only" in msg.lower() and "attached" in msg:
        return InspectError("Không được phép: cơ sở dữ liệu chỉ đọc, không thể ghi, tạo, sửa hay xóa.",
                            kind="tu_choi", detail=msg)
    if isinstance(e, duckdb.ParserException):
        return InspectError(f"Lỗi cú pháp SQL: {first}", kind="cu_phap", detail=msg)
    if isinstance(e, duckdb.CatalogException):
        return InspectError(f"Không tìm thấy bảng, cột hoặc hàm: {first} "
                            "(xem danh sách bằng `motcua sql --schema`).", kind="loi", detail=msg)
    if isinstance(e, duckdb.BinderException):
        return InspectError(f"Lỗi tên cột hoặc kiểu dữ liệu: {first}", kind="loi", detail=msg)
    return InspectError(f"Lỗi khi chạy truy vấn: {first}", kind="loi", detail=msg)


def run_sql(db_path: str | os.PathLike, sql: str, params: dict[str, Any] | None = None,
            limits: Limits | None = None) -> list[pd.DataFrame]:
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
                raise translate_error(e, limits) from None
    finally:
        timer.cancel()
        try:
            con.close()
        except duckdb.Error:
            pass
    return out


def query_df(db_path: str | os.PathLike, sql: str, params: dict[str, Any] | None = None,
             limits: Limits | None = None) -> pd.DataFrame:
    """The result of the last statement of `sql` (see run_sql)."""
    return run_sql(db_path, sql, params, limits)[-1]
