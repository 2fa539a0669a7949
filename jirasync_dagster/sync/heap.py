"""Keeping a long sync's memory flat under glibc: large buffers mapped, not kept in the heap."""

import ctypes
import ctypes.util
import functools
import logging

logger = logging.getLogger("jirasync.sync")
_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
LARGE_BUFFER = 128 * 1024  # glibc's initial threshold


@functools.cache
def map_large_buffers() -> bool:
    """Pin glibc's mmap threshold at 128 KB for this process; True when applied (glibc only).

    A sync allocates and frees buffers of 0.5-10 MB (pages, COPY payloads) from several
    threads. By default glibc raises its mmap threshold to the largest buffer freed, so
    later ones come from the per-thread heaps, whose freed space is rarely returned: the
    process grew ~50 MB from 10k to 100k issues. A pinned threshold maps each large buffer
    and unmaps it when freed.
    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = getattr(libc, "mallopt", None)
        gnu = getattr(libc, "gnu_get_libc_version", None)
    except OSError:
        return False
    if mallopt is None or gnu is None:  # not glibc (macOS, musl): nothing to pin
        return False
    applied = bool(mallopt(_M_MMAP_THRESHOLD, LARGE_BUFFER))
    if not applied:
        logger.debug("mallopt(M_MMAP_THRESHOLD) refused; memory may grow with the sync's length")
    return applied
