"""Splitting one project's read into disjoint id ranges that can be paged concurrently."""

from concurrent.futures import ThreadPoolExecutor
from itertools import chain

# Beyond this many pages in flight per project, a slow JIRA is better served by its other projects.
MAX_SLICES = 16


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


def slice_count(configured: int, round_trip_seconds: float, rate: float) -> int:
    """Slices for a full read: at least `configured`, more when each page takes long enough that the
    rate limit allows more pages in flight (rate × round trip, Little's law), at most MAX_SLICES."""
    if configured <= 1 or rate <= 0:
        return configured
    return max(configured, min(MAX_SLICES, int(rate * round_trip_seconds)))


def page_streams(client, jql: str, fields: list[str], slices: int) -> list:
    """The page streams of one read: one, or for a large project and `slices` > 1, one per id slice."""
    pages = client.search_pages(jql, fields)
    if slices <= 1:
        return [pages]
    # The first page and the highest id in one round trip: the page starts the read either
    # way, and the slices then split the ids above it.
    with ThreadPoolExecutor(max_workers=2) as pool:
        first_page, highest = pool.submit(next, pages, None), pool.submit(client.highest_id, jql)
        first, high = first_page.result(), highest.result()
    if first is None:
        return []
    slices = slice_count(slices, client.transport.last_round_trip, client.transport.limiter.configured_rate)
    low = first.last_id + 1 if first.raw_issues else None
    if low is None or high is None or high - low < client.page_size * slices:
        return [chain([first], pages)]
    # Only the upper end stays open: an issue created while we read has a higher id. One
    # moved in below `low` meanwhile is read by the next run, as behind a sequential cursor.
    return [iter([first])] + [client.search_pages(slice_filter(jql, start if start is not None else low, end), fields)
                              for start, end in id_slices(low, high, slices)]
