"""The files of one repository checkout: which data files exist, where, and of what kind.

Scanning only lists paths (cheap at tens of thousands of files); files are read later, and
only those a check needs. With `demo=True` the sample round under `examples/` is laid over
the real tree: each sample file takes the logical path it would have in the real tree and
keeps its own display path, so every message and page still says it came from `examples/`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .layout import DATA_ROOTS, EXAMPLES, Place, classify


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # logical repository path ("submissions/2021/500101/01.yaml")
    display: str  # where it really is, relative to the root ("examples/submissions/…" for samples)
    place: Place | None  # None: a YAML file where no data file belongs
    demo: bool = False

    @property
    def kind(self) -> str | None:
        return self.place.kind if self.place else None


class Repository:
    def __init__(self, root: Path, *, demo: bool = False) -> None:
        self.root = root.resolve()
        self.root_text = str(self.root)
        self.demo = demo
        self.files: dict[str, SourceFile] = {}
        self._by_kind: dict[str, list[SourceFile]] = defaultdict(list)
        self._by_folder: dict[str, list[SourceFile]] = defaultdict(list)
        self._scan()

    # -- scanning --------------------------------------------------------------------------

    def _scan(self) -> None:
        found: dict[str, SourceFile] = {}
        for top in DATA_ROOTS:
            for rel in _walk(self.root, top):
                found[rel] = SourceFile(rel, rel, classify(rel) if rel.endswith(".yaml") else None)
        if self.demo:
            base = self.root / EXAMPLES
            for top in DATA_ROOTS:
                for rel in _walk(base, top):
                    found[rel] = SourceFile(rel, f"{EXAMPLES}/{rel}",
                                            classify(rel) if rel.endswith(".yaml") else None, demo=True)
        for rel in sorted(found):
            source = found[rel]
            self.files[rel] = source
            if source.place is not None:
                self._by_kind[source.place.kind].append(source)
                self._by_folder[rel.rsplit("/", 1)[0]].append(source)

    # -- queries ---------------------------------------------------------------------------

    def of_kind(self, kind: str) -> list[SourceFile]:
        return self._by_kind.get(kind, [])

    def in_folder(self, folder: str) -> list[SourceFile]:
        return self._by_folder.get(folder, [])

    def strays(self) -> list[SourceFile]:
        """YAML files inside the data folders where no data file belongs (or named .yml)."""
        return [s for s in self.files.values() if s.place is None]

    def absolute(self, source: SourceFile) -> Path:
        return self.root / source.display

    def years(self) -> list[int]:
        return sorted({s.place.year for s in self.of_kind("edition") if s.place and s.place.year})

    def source_for(self, path: str) -> SourceFile | None:
        """The source at a logical or display path."""
        if path in self.files:
            return self.files[path]
        if path.startswith(EXAMPLES + "/"):
            found = self.files.get(path[len(EXAMPLES) + 1:])
            if found is not None and found.display == path:
                return found
        return None


def _walk(base: Path, top: str) -> list[str]:
    """Data-relevant files under base/top, as paths relative to base, without following links."""
    out: list[str] = []
    start = base / top
    if not start.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(start):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
        for name in filenames:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                out.append(f"{rel_dir}/{name}")
    return out
