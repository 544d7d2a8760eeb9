"""Real-browser tests of the built demo site: Debian's chromium driven by Playwright.

The site is built once per session (tests/browser/sites.py) and served from 127.0.0.1.
Without chromium these tests skip with the reason, unless JILI_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .sites import demo_site

CHROMIUM = os.environ.get("JILI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    if not Path(CHROMIUM).is_file():
        return f"找不到 chromium（{CHROMIUM}）：apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "没有安装 Playwright for Python"
    return None


@pytest.fixture(scope="session")
def chromium():
    reason = _missing()
    if reason:
        if os.environ.get("JILI_REQUIRE_BROWSER") == "1":
            pytest.fail("浏览器测试是必需的（JILI_REQUIRE_BROWSER=1）：" + reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url():
    site = demo_site()
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, every request's URL."""

    origin: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.origin + "/") and not u.startswith("data:")]


@pytest.fixture
def watched(chromium, site_url):
    """A fresh page that records errors and requests; the test ends checking both."""
    context = chromium.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    watch = Watch(site_url)
    page.on("console", lambda m: watch.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(f"pageerror: {e}"))
    page.on("request", lambda r: watch.requests.append(r.url))
    yield page, watch
    context.close()
