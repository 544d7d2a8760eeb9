"""Site builds shared by the site tests, each made once per test session.

The unit tests of built output (tests/test_site_build.py) and the browser tests
(tests/browser/) read the same demo build, so the suite builds it once.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import tempfile
from pathlib import Path

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
#: 2022-06-01 00:00 Beijing time: after the sample notice (2022-05-10), so the demo round is
#: complete; the same moment for every build, so builds are comparable byte for byte.
EPOCH = "1654012800"

_scratch = Path(tempfile.mkdtemp(prefix="jili-site-tests-"))
atexit.register(shutil.rmtree, _scratch, True)


@contextlib.contextmanager
def source_date(epoch: str = EPOCH):
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build(out: Path, *args: str, root: Path = REPO, epoch: str = EPOCH) -> int:
    """`jili build` into `out` at a fixed moment; returns the exit status."""
    with source_date(epoch):
        return main(["build", "--root", str(root), "--out", str(out), *args])


@functools.cache
def demo_site() -> Path:
    out = _scratch / "demo"
    code = build(out, "--demo")
    assert code == 0, f"jili build --demo exited {code}"
    return out


@functools.cache
def real_site() -> Path:
    out = _scratch / "real"
    code = build(out)
    assert code == 0, f"jili build exited {code}"
    return out


def scratch(name: str) -> Path:
    """A fresh folder for one test's extra build."""
    path = Path(tempfile.mkdtemp(prefix=name + "-", dir=_scratch))
    return path
