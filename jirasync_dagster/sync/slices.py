"""Splitting one project's read into disjoint id ranges that can be paged concurrently."""


def id_slices(low: int, high: int, count: int) -> list[tuple[int | None, int | None]]:
    """`count` disjoint half-open ranges [start, end) covering every id, cut evenly over [low, high].

    The outer ranges are open-ended: an issue created after the bounds were read, with an id
    above them, still falls in a slice (the sync closes the lower end above its first page).
    """
    span = high - low + 1
    count = max(1, min(count, span))
    cuts = [low + span * i // count for i in range(1, count)]
    return list(zip([None, *cuts], [*cuts, None]))


def slice_filter(jql_filter: str, start: int | None, end: int | None) -> str:
    """`jql_filter` narrowed to ids in [start, end); a missing bound is open."""
    bounds = ([f"id >= {int(start)}"] if start is not None else []) + ([f"id < {int(end)}"] if end is not None else [])
    return f"({jql_filter})" + "".join(f" AND {b}" for b in bounds)
