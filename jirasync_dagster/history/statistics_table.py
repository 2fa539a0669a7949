"""The statistics as text: one layout for the asset's Markdown and the `jirasync history --stats` table."""

import math

import pandas as pd

HEADERS = ["project", "period", "runs", "success", "issues", "mean s", "p95 s", "issues/s"]
NUMERIC = set(HEADERS[2:])


def _number(value, digits: int = 1) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.{digits}f}"


def statistics_rows(statistics: pd.DataFrame) -> list[list[str]]:
    """One line of text cells (under HEADERS) per scope and period, overall first."""
    return [
        [row.scope, row.period, f"{row.runs:,}",
         "-" if math.isnan(row.success_rate) else f"{row.success_rate:.1%}", f"{row.issues:,}",
         _number(row.mean_seconds, 2), _number(row.p95_seconds, 2), _number(row.issues_per_second)]
        for row in statistics.itertuples()
    ]


def statistics_markdown(statistics: pd.DataFrame) -> str:
    """The statistics as a Markdown table (numbers right-aligned)."""
    align = ["---:" if name in NUMERIC else ":---" for name in HEADERS]
    lines = [HEADERS, align, *statistics_rows(statistics)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
