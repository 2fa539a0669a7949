"""Issue comments: seeded ones derived on demand from the record, mutated ones stored on it."""

from . import catalog as c
from .dataset import FIRST_ISSUE_ID, USER_COUNT, IssueRecord

# A comment is (id, author user index or None for the sandbox account, created ms, updated ms, body).
# The body is plain text, or a document a test stored as given (an ADF dict, perhaps a malformed one).
Comment = tuple[int, int | None, int, int, object]

SEEDED_PER_ISSUE = 64  # seeded comment ids are issue id * 64 + n, so n stays below this
MUTATION_COMMENT_BASE = 900_000_000  # ids of comments added through the control API
TYPICAL_COUNTS = (0, 0, 0, 1, 1, 2, 3)  # most issues have few comments or none


def seeded_count(r: IssueRecord, many_every: int) -> int:
    """How many comments issue `r` was generated with: mostly none to three, more than search embeds for every n-th."""
    spread = ((r.id * 2654435761) % 4294967296) >> 16
    if many_every and (r.id - FIRST_ISSUE_ID) % many_every == many_every - 1:
        return 21 + spread % 30
    return TYPICAL_COUNTS[spread % len(TYPICAL_COUNTS)]


def seeded_comments(r: IssueRecord, many_every: int) -> tuple[Comment, ...]:
    """The comments issue `r` was generated with, oldest first, all before its seeded `updated`."""
    count = seeded_count(r, many_every)
    step = max((r.origin_updated - r.created) // (count + 1), 1)
    return tuple(
        (r.id * SEEDED_PER_ISSUE + n, (r.reporter + n) % USER_COUNT, r.created + (n + 1) * step,
         r.created + (n + 1) * step, c.SENTENCES[(r.id + n) % len(c.SENTENCES)])
        for n in range(count)
    )


def comments_of(r: IssueRecord, many_every: int) -> tuple[Comment, ...]:
    """Every comment of an issue now, oldest first."""
    return seeded_comments(r, many_every) if r.comments is None else r.comments
