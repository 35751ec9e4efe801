"""Keyed pseudonym of the applicant's identity document number (so_giay_to).

nguoi_nop_pseudo = hex HMAC-SHA256(key, normalised so_giay_to). The key (32 random bytes) lives
at `pipelines.settings.pseudonym_key_path()`, outside the data folder; it is created on first
use with mode 0600. Without the key the pseudonym cannot be reversed by trying every number.

The HMAC is computed inside DuckDB (two sha256 passes over padded key blobs), so hashing
millions of rows needs no Python loop; `hmac_python` is the reference used by the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from pathlib import Path

from pipelines.settings import pseudonym_key_path

_BLOCK = 64


def load_key(path: Path | None = None) -> bytes:
    """The pseudonym key, created (32 random bytes, mode 0600) if it does not exist yet."""
    path = Path(path) if path else pseudonym_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(32))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # never overwrite a key another process just created
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    key = path.read_bytes()
    if len(key) < 16:
        raise ValueError(f"pseudonym key {path} is too short ({len(key)} bytes)")
    return key


def normalise_id(value: str | None) -> str | None:
    """NFC, upper case, only letters and digits (spaces, dots, dashes dropped)."""
    if value is None:
        return None
    v = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFC", str(value)).upper())
    return v or None


def normalise_id_sql(expr: str) -> str:
    return f"nullif(regexp_replace(upper({expr}), '[^0-9A-Z]', '', 'g'), '')"


def hmac_python(value: str | None, key: bytes) -> str | None:
    v = normalise_id(value)
    if v is None:
        return None
    return hmac.new(key, v.encode("utf-8"), hashlib.sha256).hexdigest()


def hmac_sql(expr: str, key: bytes) -> str:
    """SQL expression: hex HMAC-SHA256 of the normalised id in `expr` (NULL stays NULL)."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\x00")
    ipad = bytes(b ^ 0x36 for b in key).hex()
    opad = bytes(b ^ 0x5C for b in key).hex()
    v = normalise_id_sql(expr)
    inner = f"unhex(sha256(unhex('{ipad}') || encode({v})))"
    return f"(CASE WHEN {v} IS NULL THEN NULL ELSE sha256(unhex('{opad}') || {inner}) END)"
