"""Splitting one project's read into disjoint id ranges that can be paged concurrently."""


def id_slices(low: int, high: int, count: int) -> list[tuple[int, int]]:
    """`count` half-open ranges [start, end) that exactly cover [low, high]."""
    span = high - low + 1
    count = max(1, min(count, span))
    bounds = [low + span * i // count for i in range(count)] + [high + 1]
    return [(bounds[i], bounds[i + 1]) for i in range(count)]


def slice_filter(jql_filter: str, start: int, end: int) -> str:
    """`jql_filter` narrowed to ids in [start, end)."""
    return f"({jql_filter}) AND id >= {int(start)} AND id < {int(end)}"
