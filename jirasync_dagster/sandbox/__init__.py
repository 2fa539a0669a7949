"""A JIRA-compatible HTTP server (Cloud and Data Center flavours) for demos, tests and benchmarks."""

from .config import SANDBOX_CREDENTIALS, FaultConfig, InstanceSpec, default_specs
from .fields import CUSTOM_FIELDS
from .instance import SandboxInstance
from .server import SandboxServer, serve_forever

__all__ = [
    "CUSTOM_FIELDS", "FaultConfig", "InstanceSpec", "SANDBOX_CREDENTIALS", "SandboxInstance", "SandboxServer",
    "default_specs", "serve_forever",
]
