"""The mmap threshold a sync pins on glibc."""

import platform

from jirasync_dagster.sync.heap import map_large_buffers


def test_large_buffers_are_mapped_on_glibc_once():
    applied = map_large_buffers()
    assert applied == (platform.libc_ver()[0] == "glibc")
    assert map_large_buffers() is applied  # applied once per process
