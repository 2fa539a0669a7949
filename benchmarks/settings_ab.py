"""(k) of `python -m benchmarks.run`: each process-wide setting a sync changes, measured against its absence.

Issue 16: every interpreter setting a sync changes for the whole process must keep showing its
gain in the benchmark table, and one whose gain is within noise goes. For each setting the same
full sequential sync (Cloud, default mappings, changelogs, one project of `--settings-issues`)
runs in a fresh worker process with the setting switched off and on, interleaved (off, on, off,
on, ... `--settings-rounds` pairs); every other setting stays as the sync makes it.

A setting is switched off only inside the benchmark's worker process (`SettingsProbe`), never in
`jirasync_dagster/`: the engine's reference to `map_large_buffers` is replaced by a no-op. The probe
keeps what `map_large_buffers` returned (True: glibc accepted the pinned threshold) and whether the
real one ever ran in the process, counts and times the garbage collections, and checks that the
sync leaves CPython's GC threshold and switch interval as it found them (the settings this row once
measured there went, their gain within noise).
"""

import gc
import statistics
import sys
import time
from dataclasses import dataclass

CPYTHON_THRESHOLD = 700  # gc.get_threshold()[0] of a fresh CPython
CPYTHON_SWITCH_INTERVAL = 0.005  # sys.getswitchinterval() of a fresh CPython


@dataclass(frozen=True)
class Setting:
    name: str  # the worker's `without` value
    what: str
    off: str
    on: str
    purpose: tuple[str, ...]  # the measures (keys of METRICS) whose gain the sync changes it for


SETTINGS = (
    Setting("mmap", "glibc mmap threshold", "dynamic (glibc's)", "pinned at 128 KB", ("rss_mb",)),
)

# --- in the worker ----------------------------------------------------------------------------------


class SettingsProbe:
    """Switches one setting off (or none) in this worker process and records what was in effect."""

    def __init__(self, without: str | None):
        from jirasync_dagster.sync import engine, heap

        if without not in (None, *(s.name for s in SETTINGS)):
            raise ValueError(f"unknown setting {without!r}")
        self.without = without
        self.found = _interpreter_settings()
        self._heap = heap
        self.map_results: list[bool] = []
        # The engine calls the name it imported; replacing it there is what the sync sees.
        mapper = (lambda: False) if without == "mmap" else engine.map_large_buffers
        engine.map_large_buffers = self._counting(mapper)
        self.gc_seconds = 0.0
        self._gc_started = 0.0
        self._stats = gc.get_stats()
        gc.callbacks.append(self._on_gc)

    def _counting(self, mapper):
        def counted() -> bool:
            applied = mapper()
            self.map_results.append(applied)
            return applied
        return counted

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_seconds += time.perf_counter() - self._gc_started

    def finish(self) -> dict:
        """What was in effect during the step, and the collections it ran."""
        gc.callbacks.remove(self._on_gc)
        stats = gc.get_stats()
        return {
            "without": self.without,
            "found": self.found,
            "after": _interpreter_settings(),
            # True per sync_partition when mallopt pinned the threshold; the real function is cached,
            # so whether it ever ran in this process is its cache's size.
            "mmap_pinned_seen": sorted(set(self.map_results)),
            "mmap_pinned_by_sync": self._heap.map_large_buffers.cache_info().currsize > 0,
            "collections": [a["collections"] - b["collections"] for a, b in zip(stats, self._stats)],
            "collected": sum(a["collected"] - b["collected"] for a, b in zip(stats, self._stats)),
            "gc_seconds": self.gc_seconds,
        }


def _interpreter_settings() -> dict:
    return {"gc_threshold": gc.get_threshold()[0], "switch_interval": sys.getswitchinterval()}


def not_in_effect(probe: dict) -> list[str]:
    """How the settings in effect during the sync differ from what the arm asked for (empty: as asked)."""
    expected = {
        "mmap_pinned_seen": [probe["without"] != "mmap"],
        "mmap_pinned_by_sync": probe["without"] != "mmap",
    }
    wrong = [f"{key} {probe[key]} (expected {value})" for key, value in expected.items() if probe[key] != value]
    defaults = {"gc_threshold": CPYTHON_THRESHOLD, "switch_interval": CPYTHON_SWITCH_INTERVAL}
    if probe["found"] != defaults:
        wrong.append(f"worker started with {probe['found']}, not CPython's defaults")
    if probe["after"] != defaults:
        wrong.append(f"the sync left {probe['after']}, not CPython's defaults")
    return wrong


# --- in the benchmark --------------------------------------------------------------------------------

METRICS = (  # (label, key of a run's measurements, unit format)
    ("wall s", "wall", ".2f"),
    ("CPU s of the sync", "cpu_sync", ".2f"),
    ("CPU s of sync + sandbox + Postgres", "cpu_all", ".2f"),
    ("peak RSS MB", "rss_mb", ".0f"),
)


def measure_settings(args, databases, rows: list) -> None:
    """(k): every setting off and on, interleaved, on one sandbox; a row per setting and arm."""
    from benchmarks.run import Row, run_worker, sandbox, say

    n, rounds = args.settings_issues, args.settings_rounds
    say(f"k) settings against their absence: {n} issues, one project, {rounds} interleaved pairs each")
    with sandbox(n, "cloud", ("ENG",)) as box:
        base = {"url": box.url, "flavour": "cloud", "projects": ["ENG"], "slices": 1, "changelogs": True}
        beside = {"sandbox": box.proc.pid, **databases.server_pids()}
        # The sandbox caches its search orderings: the first read of all would be slower, in the first arm.
        warm = databases.new("settings_warmup")
        run_worker({**base, "step": "floor", "db": warm})
        databases.drop(warm)
        for setting in SETTINGS:
            arms: dict[bool, list[dict]] = {False: [], True: []}
            for k in range(rounds):
                for on in (False, True):
                    say(f"k) {setting.what} {'on' if on else 'off'} ({k + 1} of {rounds})")
                    arms[on].append(_one_sync(databases, box, {**base, "step": "sync"}, beside,
                                              None if on else setting.name, f"settings_{setting.name}_{k}_{int(on)}"))
            for on in (False, True):
                runs = arms[on]
                med = {key: statistics.median(run[key] for run in runs) for _, key, _ in METRICS + (("", "cores", ""),)}
                failures = [run["exact"] for run in runs if run["exact"] != "ok"]
                rows.append(Row(f"k) {setting.what} {setting.on if on else setting.off}", n, med["wall"],
                                rss_mb=med["rss_mb"], exact=failures[0] if failures else "ok",
                                note=_note(runs), data={"setting": setting.name, "on": on, "runs": runs,
                                                        "median": med}))


def _one_sync(databases, box, cfg: dict, beside: dict, without: str | None, name: str) -> dict:
    """One probed sync into a fresh database, dropped afterwards; its measurements."""
    from benchmarks.procs import cores_between, machine_cpu
    from benchmarks.run import exactness, run_worker

    db = databases.new(name)
    try:
        machine_before = machine_cpu()
        result = run_worker({**cfg, "db": db, "settings_probe": True, "without": without}, beside, settle_after=False)
        cores = cores_between(machine_before, machine_cpu())
        exact = exactness(db, box, result["fetched"])
    finally:
        databases.drop(db)
    probe = result["settings"]
    wrong = not_in_effect(probe)
    return {"wall": result["wall"], "cpu_sync": result["cpu_step"],
            "cpu_all": result["cpu_step"] + sum(result["cpu_beside"].values()), "rss_mb": result["max_rss_mb"],
            "cores": cores, "probe": probe,
            "exact": exact if not wrong else "FAIL: not in effect: " + "; ".join(wrong)}


def _note(runs: list[dict]) -> str:
    """What the probe saw in effect (the same in every run of an arm, or the run's exactness fails), and the
    median collections."""
    probe = runs[0]["probe"]
    collections = statistics.median(sum(run["probe"]["collections"]) for run in runs)
    gc_seconds = statistics.median(run["probe"]["gc_seconds"] for run in runs)
    by_generation = "/".join(f"{statistics.median(run['probe']['collections'][g] for run in runs):.0f}"
                             for g in range(len(probe["collections"])))
    return (f"in effect: mmap {'pinned' if probe['mmap_pinned_by_sync'] else 'not pinned'}; "
            f"{collections:.0f} collections {gc_seconds:.3f} s "
            f"(by generation {by_generation})")


def _span(values: list[float]) -> float:
    return max(values) - min(values)


def settings_table(rows: list) -> list[str]:
    """The (k) table and a line per setting: its gain (off - on) in each measure against the spread."""
    from benchmarks.run import format_table

    found = [r for r in rows if r.step.startswith("k) ")]
    if not found:
        return []
    header = ("step", "issues", "runs", "wall s", "range", "CPU s sync", "range", "CPU s +sandbox+PG", "range",
              "peak RSS MB", "range", "machine cores", "exact", "note")
    lines = []
    for r in found:
        runs, med = r.data["runs"], r.data["median"]
        cells = [r.step, str(r.issues), str(len(runs))]
        for _, key, fmt in METRICS:
            values = [run[key] for run in runs]
            cells += [format(med[key], fmt), f"{format(min(values), fmt)}-{format(max(values), fmt)}"]
        lines.append((*cells, f"{med['cores']:.2f}", r.exact, r.note))
    out = format_table(header, lines, left=(0, 12, 13)) + [""]
    by_setting = {(r.data["setting"], r.data["on"]): r for r in found}
    for setting in SETTINGS:
        off, on = by_setting.get((setting.name, False)), by_setting.get((setting.name, True))
        if off and on:
            out += _verdict(setting, off.data["runs"], on.data["runs"])
    return out


def _verdict(setting: Setting, off: list[dict], on: list[dict]) -> list[str]:
    """Off - on in every measure, judged against the larger spread of the two arms; kept when a gain in
    a measure it is there for (marked *) stands beyond that spread. A line for the setting, one per measure."""
    parts, gains, losses = [], [], []
    for label, key, fmt in METRICS:
        before = statistics.median(run[key] for run in off)
        gain = before - statistics.median(run[key] for run in on)
        spread = max(_span([run[key] for run in off]), _span([run[key] for run in on]))
        better = sum(b[key] < a[key] for a, b in zip(off, on))
        if len(off) < 2:
            judged = "noise not measured (1 round)"
        elif abs(gain) <= spread:
            judged = "within noise"
        else:
            judged = "GAIN" if gain > 0 else "LOSS"
            if gain > 0 and key in setting.purpose:
                gains.append(label)
            if gain < 0:
                losses.append(label)
        relative = f"{gain / before:+.1%}" if before else "-"
        mark = "*" if key in setting.purpose else " "
        parts.append(f"       {mark}{label:<35} {gain:+8{fmt}} {relative:>7}  spread {spread:6{fmt}}  {judged:<12}  "
                     f"lower with it in {better} of {len(off)} pairs")
    purposes = " or ".join(label for label, key, _ in METRICS if key in setting.purpose)
    if len(off) < 2:
        verdict = "not judged (one round)"
    elif gains:
        verdict = f"KEEP: its gain in {', '.join(gains)} stands beyond noise"
    else:
        verdict = f"DROP: no gain in {purposes} beyond noise"
    if losses:
        verdict += f"; a loss beyond noise in {', '.join(losses)}"
    collections = [statistics.median(sum(run["probe"]["collections"]) for run in arm) for arm in (off, on)]
    gc_time = [statistics.median(run["probe"]["gc_seconds"] for run in arm) for arm in (off, on)]
    return [f"k    {setting.what} {setting.on} vs {setting.off}: {verdict}; garbage collections "
            f"{collections[0]:.0f} -> {collections[1]:.0f} ({gc_time[0]:.3f} -> {gc_time[1]:.3f} s); off - on, median:",
            *parts]
