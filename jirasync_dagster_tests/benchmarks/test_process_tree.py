"""The benchmark's cheap view of a process's children."""

import os
import signal
import subprocess
import sys
import time

from benchmarks.process_tree import child_pids

# A child that starts a grandchild, prints its pid and waits for it.
_PARENT = ("import subprocess, sys; g = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); "
           "print(g.pid, flush=True); g.wait()")


def test_children_and_grandchildren_are_found_and_vanished_ones_are_not():
    child = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True)
    grandchild = int(child.stdout.readline())
    try:
        assert child.pid in child_pids()
        assert grandchild not in child_pids()
        assert {child.pid, grandchild} <= set(child_pids(recursive=True))
        assert child_pids(child.pid) == [grandchild]
    finally:
        os.kill(grandchild, signal.SIGKILL)
        child.kill()
        child.wait()
    time.sleep(0.1)
    assert child.pid not in child_pids()
    assert child_pids(child.pid, recursive=True) == []
