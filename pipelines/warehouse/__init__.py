"""The DuckDB warehouse: SQL models under `sql/`, the runner and the build."""
from __future__ import annotations

__all__ = ["build_database", "BuildResult"]


def __getattr__(name):  # lazy, so `import pipelines.warehouse.models` stays light
    if name in __all__:
        from pipelines.warehouse import build

        return getattr(build, name)
    raise AttributeError(name)
