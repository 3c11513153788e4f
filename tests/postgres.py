"""A PostgreSQL server of its own for the tests: a new cluster in a temporary folder, listening
on 127.0.0.1 only, started and stopped with Debian's ``postgresql`` binaries.

``.ci/run`` starts one before the tests and stops it after (``python -m tests.postgres start
DIR`` prints the URL it then exports as ``FORM4_TEST_POSTGRES``; ``stop DIR``); without that
variable the tests' fixture starts one itself where the binaries are installed. As root, the
server runs as the ``postgres`` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path

__all__ = ["PostgresUnavailable", "binaries", "start", "stop"]


class PostgresUnavailable(RuntimeError):
    """The server could not be started here (the reason says why)."""


def binaries() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest version, else the PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise PostgresUnavailable(
            "PostgreSQL's initdb is not installed (Debian: apt-get install postgresql)"
        )
    return Path(initdb).resolve().parent


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_server_user(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(command[:2])} failed: {done.stderr.strip()[-500:]}")


def start(directory: Path) -> str:
    """A new cluster in ``directory`` (created), started; its URL (database ``postgres``, user
    ``postgres``, no password: the cluster trusts local connections, and listens on 127.0.0.1
    only)."""
    bin_dir = binaries()
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "data"
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise PostgresUnavailable("running as root and there is no postgres user") from None
        os.chown(directory, user.pw_uid, user.pw_gid)
    port = _free_port()
    _run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-N"])
    options = f"-h 127.0.0.1 -p {port} -k {directory} -F -c max_connections=60"
    _run(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(directory / "server.log"),
            "-w",
            "start",
        ]
    )
    (directory / "url").write_text(_url(port))
    return _url(port)


def _url(port: int) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def stop(directory: Path) -> None:
    """Stop the cluster in ``directory`` (immediately: the tests' data is thrown away)."""
    data = directory / "data"
    if data.exists():
        _run([str(binaries() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: python -m tests.postgres start|stop DIR", file=sys.stderr)
        return 2
    try:
        if argv[0] == "start":
            print(start(Path(argv[1])))
        else:
            stop(Path(argv[1]))
    except PostgresUnavailable as error:
        print(f"postgres: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
