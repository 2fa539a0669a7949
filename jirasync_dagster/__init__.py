"""jirasync_dagster: JIRA Cloud and Data Center mirrored into PostgreSQL by Dagster."""

# The definitions are built on first access (PEP 562), not at import: `dagster -m
# jirasync_dagster` finds `defs` through dir()/getattr, while the pure core, the CLI, the
# sandbox and the run coordinator (loaded by the Dagster daemon) import without reading the
# JIRA_* environment or loading every asset.
_LAZY = ("build_definitions", "defs")


def __getattr__(name: str):
    if name in _LAZY:
        from jirasync_dagster import definitions

        return getattr(definitions, name)
    raise AttributeError(f"module 'jirasync_dagster' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = ["build_definitions", "defs"]
