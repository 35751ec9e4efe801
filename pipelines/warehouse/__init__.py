"""The DuckDB warehouse: SQL models under `sql/`, the runner and the build."""

from __future__ import annotations

__all__ = ["build_database", "BuildResult"]


def __getattr__(name):  # lazy, so `import pipelines.warehouse.models` stays light
    if name in __all__:
        # noqa below: the package stays light for `import pipelines.warehouse.models` (build pulls pyarrow, yaml, the plan loader)
        from pipelines.warehouse import build  # noqa: PLC0415

        return getattr(build, name)
    raise AttributeError(name)
