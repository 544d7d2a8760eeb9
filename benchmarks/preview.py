"""Live-preview latency: from saving one data file to its rebuilt page being served.

`preview_latency` starts the preview as `make serve` does (`mkdocs serve`, by default) on a
repository, waits until the site is served, changes one application's text, and polls that
application's page until the change appears. The seconds from the save to the first response
that carries the change are the figure the supervision office feels when it edits data.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import urls

#: What the benchmark writes into the application; unique, so it cannot be on the page before.
MARKER = "预览基准修改标记"


@dataclass
class Preview:
    startup: float  # from starting the server to the page being served
    latency: float  # from the save to the rebuilt page being served


class PreviewFailed(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def _wait(url: str, ready, deadline: float, server: subprocess.Popen, interval: float) -> float:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PreviewFailed(f"the preview server exited with {server.returncode}")
        page = _get(url)
        if page is not None and ready(page):
            return time.monotonic()
        time.sleep(interval)
    raise PreviewFailed(f"{url} was not served as expected in time")


def preview_latency(root: Path, application: Path, *, command: Sequence[str] | None = None,
                    startup_timeout: float = 1800, change_timeout: float = 600,
                    interval: float = 0.05) -> Preview:
    """Serve `root` with `command` (default: `mkdocs serve`), change `application` (a path
    under `root`), and time until its page shows the change. The file is restored after.

    Raises PreviewFailed when the server stops or the page does not appear in time."""
    rel = application.relative_to(root).parts  # submissions/<year>/<applicant>/<NN>.yaml
    year, applicant, number = int(rel[1]), rel[2], int(rel[3][:2])
    port = _free_port()
    url = f"http://127.0.0.1:{port}/" + urls.html_path(urls.application(year, applicant, number))
    cmd = list(command or [str(Path(sys.executable).parent / "mkdocs"), "serve"])
    cmd += ["-f", str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    original = application.read_text("utf-8")
    with tempfile.TemporaryFile() as log:
        started = time.monotonic()
        server = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            served = _wait(url, lambda page: MARKER not in page, started + startup_timeout, server, 0.5)
            time.sleep(1.0)  # let the watcher settle after the first build
            changed = original.replace("self_assessment: |\n", f"self_assessment: |\n  {MARKER}。\n", 1)
            saved = time.monotonic()
            application.write_text(changed, "utf-8")
            shown = _wait(url, lambda page: MARKER in page, saved + change_timeout, server, interval)
            return Preview(startup=served - started, latency=shown - saved)
        except PreviewFailed as exc:
            log.seek(0)
            raise PreviewFailed(f"{exc}\n{log.read()[-2000:].decode('utf-8', 'replace')}") from None
        finally:
            application.write_text(original, "utf-8")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
