"""The judge of a change: the schemas, registry and policy as they stood at the change's base.

A pull request must never judge itself. Whatever it changes in `schema/`, `registry/` or
`measures/` takes effect once merged; until then its data is checked against the versions of
its base commit, read from git (which the pull request cannot alter), and its own reference
files are checked for structure against the base's schemas. `jili authorize` reads who may
change what from the same base.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import gitutil
from .layout import EXAMPLES, PROGRAMME
from .repository import Repository

#: What judges a change: the programme's settings, structure, registry, policy.
FOLDERS = (PROGRAMME, "schema", "registry", "measures")


def is_reference(path: str, demo: bool = False) -> bool:
    """Does a change to repository path `path` change what judges data?"""
    top = path.split("/", 1)[0]
    if top in FOLDERS:
        return True
    # a sample round's policy or registry matters only when the sample is laid over the data
    return demo and top == EXAMPLES and path.split("/", 2)[1:2] in (["registry"], ["measures"])


@contextlib.contextmanager
def at_commit(root: Path, ref: str, *, demo: bool = False) -> Iterator[Repository]:
    """The reference folders of commit `ref` as a Repository in a temporary folder, for the
    duration of the `with` block. Raises GitError if `ref` has no `schema/`."""
    folders = FOLDERS + ((f"{EXAMPLES}/registry", f"{EXAMPLES}/measures") if demo else ())
    files = gitutil.tree_at(root, ref, folders)
    if not any(p.startswith("schema/") for p in files):
        raise gitutil.GitError(f"提交“{ref}”中没有 schema/ 目录，无法按当时的规则检查")
    with tempfile.TemporaryDirectory(prefix="jili-base-") as tmp:
        base = Path(tmp)
        for path, data in files.items():
            target = base / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield Repository(base, demo=demo)
