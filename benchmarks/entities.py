"""`python -m benchmarks.entities`: what each table a sync mirrors besides the issues adds to a first load.

A full sync (Cloud, default mappings, 3 projects, sliced as a run's default config slices) of
`--issues` runs in a fresh worker process with every entity on, then once with each entity left
out (`JIRA_SKIP_<n>`; the changelog step through its option), then with every entity on again. Each entity's cost is the
mean of the two all-on runs minus the run without it: the requests it sends and the seconds it
adds. Every run's rows are checked against the sandbox, as in `python -m benchmarks.run`.
"""

import argparse
import statistics
import sys

from benchmarks.run import Databases, exactness, format_table, run_worker, sandbox, say
from jirasync_dagster.assets.sync_config import SyncConfig

# (label, worker settings that leave the entity out)
ENTITIES = (
    ("changelogs", {"changelogs": False}),
    ("comments", {"skip": ["comments"]}),
    ("links", {"skip": ["links"]}),
    ("versions + components", {"skip": ["versions", "components"]}),
    ("boards + sprints + membership", {"skip": ["sprints"]}),
    ("worklogs", {"skip": ["worklogs"]}),
    ("users", {"skip": ["users"]}),
)


def main(argv: list[str] | None = None) -> int:
    """Run the arms and print the table; exit 1 if any run was not exact."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.entities", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=100_000, help="issues in the instance (default 100000)")
    args = parser.parse_args(argv)
    databases = Databases()
    try:
        runs, exact = measure(args.issues, databases)
    finally:
        databases.close()
    print("\n".join(entity_table(runs)))
    return 0 if exact else 1


def measure(issues: int, databases: Databases) -> tuple[dict[str, list[dict]], bool]:
    """{arm: [results]} for the all-on arm (twice) and each entity's arm, and whether every run was exact."""
    runs: dict[str, list[dict]] = {}
    exact = True
    with sandbox(issues, "cloud") as box:
        # Sliced as a run's default config slices (parallel_slices=4), which also sets the threads that
        # fetch comments past those embedded: what a first load costs the user.
        base = {"url": box.url, "flavour": "cloud", "projects": ["ENG", "OPS", "SUP"], "step": "sync",
                "slices": SyncConfig().parallel_slices}
        arms = [("all on", {}), *ENTITIES, ("all on", {})]
        for n, (label, settings) in enumerate(arms):
            say(f"full sync of {issues} issues, {label if label == 'all on' else 'without ' + label}")
            db = databases.new(f"entities_{n}")
            result = run_worker({**base, **settings, "db": db})
            verdict = exactness(db, box, result["fetched"])
            exact &= verdict == "ok"
            runs.setdefault(label, []).append({**result, "exact": verdict})
            databases.drop(db)
    return runs, exact


def entity_table(runs: dict[str, list[dict]]) -> list[str]:
    """One line per arm, then what each entity adds against the mean of the all-on runs."""
    everything = runs["all on"]
    wall = statistics.mean(r["wall"] for r in everything)
    calls = statistics.mean(r["api_calls"] for r in everything)
    lines = [("all on (mean of 2)", f"{wall:.2f}", f"{calls:.0f}", "", "",
              " ".join(r["exact"] for r in everything))]
    for label, _ in ENTITIES:
        (run,) = runs[label]
        lines.append((f"without {label}", f"{run['wall']:.2f}", str(run["api_calls"]),
                      f"{calls - run['api_calls']:+.0f}", f"{wall - run['wall']:+.2f}", run["exact"]))
    header = ("full sync, 3 projects", "wall s", "API calls", "entity adds requests", "entity adds s", "exact")
    return format_table(header, lines, left=(0,))


if __name__ == "__main__":
    sys.exit(main())
