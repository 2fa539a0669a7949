"""Real dependencies of the tests (binaries, packages): missing ones fail in CI and skip elsewhere, naming the install."""

import importlib
import os
import shutil
from types import ModuleType

import pytest


def missing(message: str) -> None:
    """Fail when CI=true (a silent skip would hide an install step CI lacks), skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_binary(name: str, install: str) -> str:
    """The path of the executable `name`, or fail/skip saying how to install it."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed: {install} (.ci/run installs it)")
    return path


def require_module(module: str, install: str) -> ModuleType:
    """Import `module`, or fail/skip saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"{module} is not installed: pip install '{install}' (listed in setup.py's dev extras)")
