"""How heavy the forms are and how soon a clerk can use them: `python -m benchmarks.forms`.

Builds the demo site, serves it from 127.0.0.1 and opens each form in Debian's chromium with
an empty cache (a new browser context per load), as a clerk's first visit would:

* page weight: the bytes of every response the page loads (HTML, CSS, scripts, the round's
  data), as served (no compression: the simplest static server, or a file share), and of
  those the form's own (its page, script, style, vendored libraries and the round's data;
  the rest, the theme and the search index, every page of the site loads and caches);
* time to a usable form: from the start of navigation until the form script has read the
  round's data and built the form (its performance mark `jili-form-ready`),
  and the part of it after the page's HTML has arrived (what the browser itself spends);
  the median of several cold loads; also with the CPU slowed 4× (Chrome DevTools' CPU
  throttling), as on an old office computer.

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
#: The responses that belong to the forms rather than to every page.
OWN = ("/forms/", "/assets/forms.", "/assets/vendor/ajv", "/assets/vendor/nunjucks")
CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _load(browser, url: str, slowdown: float) -> tuple[int, int, float, float]:
    """(bytes loaded, the form's own bytes, milliseconds to a usable form from the start of
    navigation, and after the HTML arrived) for one cold load."""
    from playwright.sync_api import Error
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}

    def counted(response) -> None:
        try:
            body = response.body()
        except Error:  # a response without a body (redirect, aborted)
            return
        sizes[response.url] = len(body)

    page.on("response", counted)
    if slowdown > 1:
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#jili-form select:not([disabled])")
    usable = page.evaluate("performance.getEntriesByName('jili-form-ready')[0].startTime")
    arrived = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
    page.wait_for_load_state("networkidle")
    context.close()
    own = sum(n for u, n in sizes.items() if any(part in u for part in OWN))
    return sum(sizes.values()), own, usable, usable - arrived


def run(repeat: int) -> str:
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="jili-forms-bench-"))
    code = main(["build", "--demo", "--out", str(out / "site")])
    if code != 0:
        raise SystemExit(f"jili build --demo exited {code}")
    server, base = _serve(out / "site")
    rows = ["| 表单 | 页面总字节 | 其中表单自身 | 可用时间（中位数） | 其中 HTML 到达后 | CPU 降速 4× |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            for form in FORMS:
                fast = [_load(browser, f"{base}/{form}", 1) for _ in range(repeat)]
                slow = [_load(browser, f"{base}/{form}", 4) for _ in range(repeat)]
                total, own = fast[0][0], fast[0][1]
                rows.append(f"| {form} | {total:,} | {own:,} | {statistics.median(r[2] for r in fast):.0f} ms | "
                            f"{statistics.median(r[3] for r in fast):.0f} ms | "
                            f"{statistics.median(r[2] for r in slow):.0f} ms |")
            browser.close()
    finally:
        server.shutdown()
    return "\n".join(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    print(run(parser.parse_args().repeat))
