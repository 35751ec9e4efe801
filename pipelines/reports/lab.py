"""`motcua lab`: JupyterLab on the report notebooks, over the published database.

The analysts' way into the data (docs/notebooks.md): JupyterLab (the `lab` extra of
pyproject.toml) is started on `notebooks/` with `MOTCUA_DB` set to the published database, which
the notebooks' `nb.Ctx` opens read-only (pipelines.reports.nb.database_path). jupytext (a
dependency) lets JupyterLab open the percent-format `.py` notebooks as notebooks.

This module only builds the command, its environment and the URL; `pipelines/cli.py` runs it.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from pipelines.settings import NOTEBOOKS_DIR, PROJECT_ROOT

INSTALL_HINT = "python3 -m uv sync --extra lab"
MISSING_MESSAGE = (
    "JupyterLab chưa được cài trong môi trường này (gói tùy chọn `lab`). Cài bằng lệnh: "
    f"{INSTALL_HINT}  — rồi chạy lại: python3 -m uv run motcua lab"
)


def lab_installed() -> bool:
    """Whether the `lab` extra (jupyterlab) is importable here."""
    return importlib.util.find_spec("jupyterlab") is not None


@dataclass(frozen=True)
class LabCommand:
    argv: list[str]
    env: dict[str, str]
    url: str
    db_path: Path
    notebooks_dir: Path


def lab_command(
    db_path: str | os.PathLike,
    port: int = 8888,
    open_browser: bool = True,
    notebooks_dir: str | os.PathLike = NOTEBOOKS_DIR,
    token: str | None = None,
    ip: str = "127.0.0.1",
) -> LabCommand:
    """The JupyterLab server command: on loopback, the given port (no silent move to another
    one: `port_retries=0`), a token of our own so that the URL printed is the one that works,
    the notebooks folder as its root, and `MOTCUA_DB` for the notebooks."""
    db = Path(db_path).resolve()
    nbdir = Path(notebooks_dir).resolve()
    token = token or secrets.token_hex(16)
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={nbdir}",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.port={int(port)}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.open_browser={open_browser}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # containers and CI run as root; JupyterLab refuses root unless told (it serves loopback only)
        argv.append("--ServerApp.allow_root=True")
    env = dict(os.environ)
    env["MOTCUA_DB"] = str(db)
    # the kernel imports pipelines.* from this checkout (an installed wheel has it anyway)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return LabCommand(argv, env, f"http://{ip}:{int(port)}/lab?token={token}", db, nbdir)
