"""How heavy the forms are and how soon a clerk can use them: `python -m benchmarks.forms`.

Builds the demo site, serves it from 127.0.0.1 and opens each form in Debian's chromium with
an empty cache (a new browser context per load), as a clerk's first visit would:

* page weight: the bytes of every response the page loads (HTML, CSS, scripts, the round's
  data), as served (no compression: the simplest static server, or a file share);
* time to a usable form: from the start of navigation until the form's first control is on
  the page and enabled (the form script has read the round's data and built the form),
  the median of several cold loads; also with the CPU slowed 4× (Chrome DevTools'
  CPU throttling), as on an old office computer.

Not a timed test: CI does not run it. Results go to standard output as a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
from pathlib import Path

from generator.cli import main

FORMS = ("forms/2021/application.html", "forms/2021/recommendation.html")
CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _load(browser, url: str, slowdown: float) -> tuple[int, float, dict[str, int]]:
    """(bytes loaded, milliseconds to a usable form, bytes by kind) for one cold load."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def counted(response) -> None:
        try:
            body = response.body()
        except Exception:  # a response without a body (redirect, aborted)
            return
        kind = response.url.rsplit(".", 1)[-1].split("?")[0]
        sizes[kind] = sizes.get(kind, 0) + len(body)

    page.on("response", counted)
    if slowdown > 1:
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#jili-form select:not([disabled])")
    usable = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes.values()), usable, sizes


def run(repeat: int) -> str:
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="jili-forms-bench-"))
    code = main(["build", "--demo", "--out", str(out / "site")])
    if code != 0:
        raise SystemExit(f"jili build --demo exited {code}")
    server, base = _serve(out / "site")
    rows = ["| 表单 | 页面总字节 | 其中脚本 | 可用时间（中位数） | CPU 降速 4× |", "| --- | ---: | ---: | ---: | ---: |"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for form in FORMS:
                fast = [_load(browser, f"{base}/{form}", 1) for _ in range(repeat)]
                slow = [_load(browser, f"{base}/{form}", 4) for _ in range(repeat)]
                total, _, sizes = fast[0]
                rows.append(f"| {form} | {total:,} | {sizes.get('js', 0):,} | "
                            f"{statistics.median(t for _, t, _ in fast):.0f} ms | "
                            f"{statistics.median(t for _, t, _ in slow):.0f} ms |")
            browser.close()
    finally:
        server.shutdown()
    return "\n".join(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    print(run(parser.parse_args().repeat))
