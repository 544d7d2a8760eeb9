"""The files of one repository checkout: every entry of the data folders, where, and of what kind.

Scanning only lists paths (cheap at tens of thousands of files); files are read later, and
only those a check needs. Every entry under the data folders is listed, not only YAML files:
attachments, hidden files, symbolic links and submodules are data too, and are judged.

With `demo=True` the sample round under `examples/` is laid over the real tree: each sample
file takes the logical path it would have in the real tree and keeps its own display path,
so every message and page still says it came from `examples/`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import gitutil
from .layout import (
    DATA_ROOTS,
    DEFAULT_REGISTRY,
    EXAMPLES,
    PROGRAMME,
    Layout,
    Place,
    applicant_folder,
    classify_other,
)

#: What an entry is on disk.
FILE, LINK, HIDDEN_FOLDER, GITLINK = "file", "link", "hidden-folder", "gitlink"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str  # logical repository path ("submissions/2021/500101/01.yaml")
    display: str  # where it really is, relative to the root ("examples/submissions/…" for samples)
    place: Place | None  # None: nothing of this kind belongs here
    demo: bool = False
    entry: str = FILE  # FILE, LINK (a symbolic link, to a file or a folder), HIDDEN_FOLDER, GITLINK
    executable: bool = False

    @property
    def kind(self) -> str | None:
        return self.place.kind if self.place else None

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]


class Repository:
    def __init__(self, root: Path, *, demo: bool = False) -> None:
        self.root = root.resolve()
        self.root_text = str(self.root)
        self.demo = demo
        #: where each kind of file sits: the registry folders come from the programme's settings
        self.layout = Layout(registry_folders(self.root))
        #: YAML files in the data folders (data files, and YAML files where none belongs)
        self.files: dict[str, SourceFile] = {}
        #: every other entry in the data folders: attachments, source texts, strays, hidden
        #: files and folders, symbolic links and submodules
        self.others: dict[str, SourceFile] = {}
        #: top-level folders that look like a data folder but are not one ("Submissions")
        self.look_alikes: list[str] = []
        self._by_kind: dict[str, list[SourceFile]] = defaultdict(list)
        self._by_folder: dict[str, list[SourceFile]] = defaultdict(list)
        self._others_by_applicant: dict[str, list[SourceFile]] = defaultdict(list)
        self._scan()

    # -- scanning --------------------------------------------------------------------------

    def _scan(self) -> None:
        found: dict[str, SourceFile] = {}
        bases = [(self.root, "", False)]
        if self.demo:
            bases.append((self.root / EXAMPLES, EXAMPLES + "/", True))
        for base, prefix, demo in bases:
            modes = gitutil.index_modes(self.root, tuple(prefix + top for top in DATA_ROOTS))
            for top in DATA_ROOTS:
                for rel, entry in _walk(base, top):
                    display = prefix + rel
                    executable = modes.get(display) == gitutil.EXECUTABLE or (
                        not modes and entry == FILE and _executable(base / rel))
                    found[rel] = self._source(rel, display, entry, demo, executable)
            for display, mode in modes.items():
                rel = display[len(prefix):]
                if mode == gitutil.GITLINK and rel not in found:
                    found[rel] = self._source(rel, display, GITLINK, demo, False)
            self.look_alikes.extend(prefix + name for name in _look_alike_roots(base))
        if (self.root / PROGRAMME).is_file() or (self.root / PROGRAMME).is_symlink():
            entry = LINK if (self.root / PROGRAMME).is_symlink() else FILE
            found[PROGRAMME] = self._source(PROGRAMME, PROGRAMME, entry, False, False)
        for rel in sorted(found):
            source = found[rel]
            if source.entry in (FILE, LINK) and rel.endswith((".yaml", ".yml")) and not _hidden(rel):
                self.files[rel] = source
                if source.place is not None:
                    self._by_kind[source.place.kind].append(source)
                    self._by_folder[source.folder].append(source)
            else:
                self.others[rel] = source
                parts = rel.split("/", 3)
                if parts[0] == "submissions" and len(parts) == 4:
                    self._others_by_applicant["/".join(parts[:3])].append(source)

    def _source(self, rel: str, display: str, entry: str, demo: bool, executable: bool) -> SourceFile:
        if entry in (FILE, LINK) and rel.endswith(".yaml") and not _hidden(rel):
            place = self.layout.classify(rel)
        elif entry == FILE and not _hidden(rel):
            place = classify_other(rel)
        else:
            place = None
        return SourceFile(rel, display, place, demo=demo, entry=entry, executable=executable)

    def classify(self, path: str) -> Place | None:
        """The place of a logical path in this repository's layout (data file or other)."""
        return self.layout.classify(path) if path.endswith(".yaml") else classify_other(path)

    # -- queries ---------------------------------------------------------------------------

    def of_kind(self, kind: str) -> list[SourceFile]:
        return self._by_kind.get(kind, [])

    def in_folder(self, folder: str) -> list[SourceFile]:
        return self._by_folder.get(folder, [])

    def attachments_of(self, year: int, applicant: str) -> list[SourceFile]:
        """Every entry under an applicant's folder other than its YAML data files (attachments,
        and anything else put there), in path order."""
        return self._others_by_applicant.get(applicant_folder(year, applicant), [])

    def strays(self) -> list[SourceFile]:
        """YAML files inside the data folders where no data file belongs (or named .yml)."""
        return [s for s in self.files.values() if s.place is None]

    def entry(self, path: str) -> SourceFile | None:
        """The data file or other entry at logical path `path`."""
        return self.files.get(path) or self.others.get(path)

    def absolute(self, source: SourceFile) -> Path:
        return self.root / source.display

    def years(self) -> list[int]:
        return sorted({s.place.year for s in self.of_kind("edition") if s.place and s.place.year})

    def source_for(self, path: str) -> SourceFile | None:
        """The data file or other entry at a logical or display path."""
        found = self.entry(path)
        if found is not None:
            return found
        if path.startswith(EXAMPLES + "/"):
            found = self.entry(path[len(EXAMPLES) + 1:])
            if found is not None and found.display == path:
                return found
        return None

    def case_twins(self) -> dict[str, list[str]]:
        """Entries whose names differ only in letter case from another in the same folder:
        {logical path: [the others]} (they collide on Windows and macOS checkouts)."""
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for path in (*self.files, *self.others):
            folder, _, name = path.rpartition("/")
            groups[(folder.casefold(), name.casefold())].append(path)
        twins: dict[str, list[str]] = {}
        for paths in groups.values():
            if len(paths) > 1:
                for p in paths:
                    twins[p] = [q for q in paths if q != p]
        return twins


def registry_folders(root: Path) -> dict[str, tuple[str, str]]:
    """{registry folder: (record form, unit kind)} as the programme's settings at `root` name
    them; the default folders while the settings cannot be read (their own check says why)."""
    from .loader import LoadError, decode, load_text

    try:
        data = load_text(decode((root / PROGRAMME).read_bytes()), PROGRAMME).data
        kinds = data["unit_kinds"]
        folders = {str(k["folder"]): (str(k["record"]), str(k["id"])) for k in kinds}
    except (OSError, LoadError, KeyError, TypeError, AttributeError):
        return dict(DEFAULT_REGISTRY)
    if not folders or any(record not in ("region", "platform", "department") for record, _ in folders.values()):
        return dict(DEFAULT_REGISTRY)
    return folders


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _executable(path: Path) -> bool:
    try:
        return bool(os.lstat(path).st_mode & 0o111)
    except OSError:
        return False


def _look_alike_roots(base: Path) -> list[str]:
    """Top-level folders whose name folds to a data folder's without being it ("Submissions")."""
    try:
        names = os.listdir(base)
    except OSError:
        return []
    roots = {r.casefold(): r for r in DATA_ROOTS}
    return sorted(n for n in names if n.casefold() in roots and n != roots[n.casefold()])


def _walk(base: Path, top: str) -> list[tuple[str, str]]:
    """Every entry under base/top as (path relative to base, entry kind), without following
    links and without descending into hidden folders (which are entries themselves)."""
    out: list[tuple[str, str]] = []
    start = base / top
    if start.is_symlink():
        return [(top, LINK)]
    if not start.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(start):
        rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
        keep = []
        for name in sorted(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                out.append((f"{rel_dir}/{name}", LINK))
            elif name.startswith("."):
                out.append((f"{rel_dir}/{name}", HIDDEN_FOLDER))
            else:
                keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            kind = LINK if os.path.islink(os.path.join(dirpath, name)) else FILE
            out.append((f"{rel_dir}/{name}", kind))
    return out
