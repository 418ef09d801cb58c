"""The engines beside DuckDB, started on this machine: a throwaway PostgreSQL cluster and the
settings of a local Spark session, as the tests and the benchmark use them.

    python -m userops.engines postgres   # start a cluster, print its settings, wait for Ctrl-C

A throwaway cluster lives in a temporary folder (data and unix socket), listens on a free
local port, trusts local connections, and is stopped and deleted when the `with` block ends,
whatever happens inside. PostgreSQL refuses to run as root, so as root it runs as the
`postgres` OS user (created when absent). Binaries: the newest /usr/lib/postgresql/*/bin
(Debian's `postgresql` package; `make engines` installs it when missing).

Nothing here skips: when an engine cannot be started, EngineUnavailable says why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

POSTGRES_USER = "userops"
POSTGRES_DATABASE = "userops"


class EngineUnavailable(RuntimeError):
    """An engine could not be started on this machine (the message says what is missing)."""


def postgres_bin_dir() -> Path:
    """The newest PostgreSQL server binaries under /usr/lib/postgresql (or $USEROPS_PG_BIN)."""
    configured = os.environ.get("USEROPS_PG_BIN")
    candidates = (
        [Path(configured)]
        if configured
        else sorted(
            Path("/usr/lib/postgresql").glob("*/bin"),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        )
    )
    for candidate in reversed(candidates):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    raise EngineUnavailable(
        "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
        "(install Debian's `postgresql` package: `make engines`, or set USEROPS_PG_BIN)."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    host: str
    port: int
    user: str
    database: str
    socket_dir: Path

    def env(self) -> dict[str, str]:
        """The environment that points profiles.yml's `postgres` target (and libpq) here."""
        return {
            "USEROPS_PG_HOST": self.host,
            "USEROPS_PG_PORT": str(self.port),
            "USEROPS_PG_USER": self.user,
            "USEROPS_PG_PASSWORD": "",
            "USEROPS_PG_DATABASE": self.database,
        }

    def dsn(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={self.database}"


def _ensure_server_user() -> None:
    """As root, make sure the `postgres` OS user exists (Debian's package creates it)."""
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--home-dir", "/var/lib/postgresql", "postgres"],
            check=True,
            capture_output=True,
        )


def _as_server_user(command: list[str]) -> list[str]:
    """As root, run as the `postgres` OS user (initdb and postgres refuse to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], what: str) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise EngineUnavailable(f"{what} failed ({' '.join(command)}):\n{proc.stdout}{proc.stderr}")


@contextlib.contextmanager
def postgres_cluster(
    port: int | None = None, settings: dict[str, str] | None = None
) -> Iterator[PostgresServer]:
    """A fresh PostgreSQL cluster with a database `userops` owned by superuser `userops`
    (ICU collation en-US, as a typical install sorts text), on 127.0.0.1:<a free port>;
    stopped and deleted when the block ends."""
    bin_dir = postgres_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="userops_pg_"))
    data_dir, socket_dir, log_file = root / "data", root / "socket", root / "postgres.log"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        _ensure_server_user()
        shutil.chown(root, "postgres")
        shutil.chown(socket_dir, "postgres")
    port = port or free_port()
    options = {
        "listen_addresses": "127.0.0.1",
        "port": str(port),
        "unix_socket_directories": str(socket_dir),
        # A throwaway cluster: durability buys nothing, and the machine is small.
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "shared_buffers": "256MB",
        "work_mem": "64MB",
        "max_connections": "20",
        "TimeZone": "UTC",
        **(settings or {}),
    }
    started = False
    restore_sigterm = _stop_on_sigterm()
    try:
        _run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data_dir),
                    "-U",
                    POSTGRES_USER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                ]
            ),
            "initdb",
        )
        option_args = " ".join(f"-c {key}={value}" for key, value in options.items())
        _run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data_dir),
                    "-l",
                    str(log_file),
                    "-o",
                    option_args,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            "pg_ctl start",
        )
        started = True
        _run(
            [
                str(bin_dir / "createdb") if (bin_dir / "createdb").exists() else "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                POSTGRES_USER,
                # A collation like a typical install's (en_US), not the cluster's C: text
                # then sorts 'a1' before 'B1', so an ordering that depends on it would
                # differ from DuckDB's and show in the engine tests (binary_order).
                "--locale-provider=icu",
                "--icu-locale=en-US",
                "--template=template0",
                POSTGRES_DATABASE,
            ],
            "createdb",
        )
        yield PostgresServer("127.0.0.1", port, POSTGRES_USER, POSTGRES_DATABASE, socket_dir)
    except EngineUnavailable as error:
        log = log_file.read_text() if log_file.exists() else ""
        raise EngineUnavailable(f"{error}\n{log[-3000:]}") from None
    finally:
        if started:
            subprocess.run(
                _as_server_user(
                    [str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "immediate", "-w", "stop"]
                ),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)
        restore_sigterm()


def _stop_on_sigterm():
    """Turn SIGTERM into SystemExit while a cluster runs, so `finally` stops it (a killed CI
    job or test run leaves no server behind). Returns what puts the previous handler back.
    Only the main thread can handle signals; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    return lambda: signal.signal(
        signal.SIGTERM, previous if previous is not None else signal.SIG_DFL
    )


def spark_env(work_dir: Path) -> dict[str, str]:
    """The environment of profiles.yml's `spark` target for a local session whose warehouse
    (tables), Derby metastore and its log live under work_dir, not in the project."""
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        raise EngineUnavailable(
            "Spark needs Java: no `java` on PATH and no JAVA_HOME "
            "(install Debian's `default-jre-headless`: `make engines`)."
        )
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise EngineUnavailable(
            "pyspark is not installed (the optional engines: `make engines`)."
        ) from error
    work_dir.mkdir(parents=True, exist_ok=True)
    return {"USEROPS_SPARK_DIR": str(work_dir)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["postgres"]:
        print(__doc__)
        return 2
    with postgres_cluster() as server:
        print("PostgreSQL is up; point the project at it with:")
        for key, value in server.env().items():
            print(f"  export {key}={value}")
        print("  export USEROPS_TARGET=postgres")
        print("Ctrl-C stops and deletes it.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
