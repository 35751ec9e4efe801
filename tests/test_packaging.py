"""The wheel is the product: the pipeline with what it reads at run time, without the simulator
and the benchmark harness (pyproject.toml, [tool.hatch.build.targets.wheel]).

The wheel is built once (`uv build --wheel`, ~2–4 s) and unzipped; the unzipped copy is imported
first on the path, so `pipelines.settings` must find its folders inside `pipelines/_assets/`.
(Installing it in a fresh venv would resolve every dependency again: too slow, and it needs the
package index; the unzipped wheel is what an installation puts in site-packages.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT


def _uv() -> list[str] | None:
    if shutil.which("uv"):
        return ["uv"]
    py = shutil.which("python3")
    if py and subprocess.run([py, "-m", "uv", "--version"], capture_output=True).returncode == 0:
        return [py, "-m", "uv"]
    return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, list[str]]:
    uv = _uv()
    if uv is None:
        pytest.skip("uv is not available to build the wheel")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [*uv, "build", "--wheel", "-q", "-o", str(out)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (whl,) = out.glob("motcua-*.whl")
    with zipfile.ZipFile(whl) as z:
        return whl, z.namelist()


@pytest.fixture(scope="module")
def unzipped(wheel, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel[0]) as z:
        z.extractall(root)
    return root


def test_the_wheel_carries_the_assets(wheel):
    names = set(wheel[1])
    assets = "pipelines/_assets/"
    assert f"{assets}plans/hatinh-2022.yaml" in names
    assert f"{assets}data/reference/vn_public_holidays_2022.csv" in names
    for folder, ext in (
        ("sql/", ".sql"),
        ("sql/", "metadata.yaml"),
        ("notebooks/", ".py"),
        ("data/reference/", ".csv"),
    ):
        assert any(n.startswith(assets + folder) and n.endswith(ext) for n in names), (folder, ext)
    # every SQL model of the checkout, and every notebook, is in the wheel
    for p in list((PROJECT_ROOT / "sql").rglob("*.sql")) + list((PROJECT_ROOT / "notebooks").glob("*.py")):
        rel = p.relative_to(PROJECT_ROOT).as_posix()
        assert assets + rel in names, rel
    assert "pipelines/readers/aliases.yaml" in names


def test_the_wheel_has_no_simulator_nor_benchmarks(wheel):
    names = wheel[1]
    assert not [n for n in names if n.startswith(("simulator/", "benchmarks/"))]
    assert not [n for n in names if "/simulator/" in n or "/benchmarks/" in n]
    assert not [n for n in names if n.startswith("tests/")]
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel[0]) as z:
        assert "motcua = pipelines.cli:app" in z.read(entry).decode()


def test_an_installed_wheel_finds_its_assets(unzipped):
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1])\n"
        "import pipelines.settings as s\n"
        "from pipelines.warehouse import working_days\n"
        "from pipelines.warehouse.plan import parse_plan\n"
        "plan = parse_plan(s.PLANS_DIR / 'hatinh-2022.yaml')  # validated against the packaged SQL metrics\n"
        "print(json.dumps({'package': str(s.PACKAGE_ROOT), 'sql': str(s.SQL_DIR), 'plans': str(s.PLANS_DIR),\n"
        "  'notebooks': str(s.NOTEBOOKS_DIR), 'reference': str(s.REFERENCE_DIR),\n"
        "  'sources_2022': sorted({src for *_, src in working_days.days_off([2022])}),\n"
        "  'plan': bool(plan),\n"
        "  'modules': sorted(m for m in sys.modules if m.split('.')[0] in ('simulator', 'benchmarks'))}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(unzipped)], cwd=unzipped, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assets = unzipped / "pipelines" / "_assets"
    assert Path(got["package"]) == unzipped / "pipelines"
    assert Path(got["sql"]) == assets / "sql"
    assert Path(got["plans"]) == assets / "plans"
    assert Path(got["notebooks"]) == assets / "notebooks"
    assert Path(got["reference"]) == assets / "data" / "reference"
    assert (assets / "plans" / "hatinh-2022.yaml").is_file()
    assert got["sources_2022"] == ["reference:vn_public_holidays_2022.csv"]  # the packaged CSV
    assert got["plan"]
    assert got["modules"] == []


def test_the_installed_cli_starts(unzipped):
    code = "import sys; sys.path.insert(0, sys.argv.pop(1)); from pipelines.cli import app; app()"
    done = subprocess.run(
        [sys.executable, "-c", code, str(unzipped), "--help"], cwd=unzipped, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    for command in ("run", "sql", "demo", "serve"):
        assert command in done.stdout
