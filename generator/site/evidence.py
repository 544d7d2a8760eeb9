"""Evidence files published beside their application pages, so the site needs no forge.

An application's `evidence[].file` is a path inside the applicant's folder
(submissions/<年度>/<申报单位>/附件/总结.pdf); the gate checks it exists, stays inside the folder
and is an accepted type within the size limits (generator/attachments.py). The site copies
each cited file to the same place under the application pages
(applications/<年度>/<申报单位>/附件/总结.pdf), so a link works on an intranet site with no
access to the repository. Only files an application cites are published, never anything
outside the applicant's folder, and never more than the gate's limits allow.

Where a repository address is configured, a link to the file's history in the forge is added.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from .. import urls
from ..attachments import MAX_FILE_BYTES, MAX_FOLDER_BYTES
from ..model import Application
from ..snapshot import Snapshot


def site_path(app: Application, file: str) -> str:
    """Where the site publishes evidence file `file` of `app` (a site path)."""
    return urls.application_file(app.year, app.applicant, posixpath.normpath(file))


def files(snapshot: Snapshot) -> dict[str, Path]:
    """{site path: file on disk} for every evidence file a published application cites.

    A file is left out (the page then names it without a link) if it is not a regular file
    inside its applicant's folder or if it would exceed the attachment limits; validated data
    never has such a file, but a site is built from whatever is on disk."""
    out: dict[str, Path] = {}
    used: dict[Path, int] = {}
    for app in snapshot.applications:
        folder = (Path(snapshot.root) / posixpath.dirname(snapshot.source_of(app.path))).resolve()
        for item in app.evidence:
            if not item.file:
                continue
            found = _inside(folder, item.file)
            if found is None:
                continue
            target = site_path(app, item.file)
            if target in out:
                continue
            size = found.stat().st_size
            if size > MAX_FILE_BYTES or used.get(folder, 0) + size > MAX_FOLDER_BYTES:
                continue
            used[folder] = used.get(folder, 0) + size
            out[target] = found
    return dict(sorted(out.items()))


def _inside(folder: Path, ref: str) -> Path | None:
    if ref.startswith("/") or "\\" in ref:
        return None
    path = folder / ref
    if path.is_symlink() or not path.is_file():
        return None
    resolved = path.resolve()
    return resolved if folder in resolved.parents else None


#: Blob addresses of the forges jili supports and the history address of the same file.
_HISTORY = (
    (re.compile(r"/-/blob/"), "/-/commits/"),  # GitLab
    (re.compile(r"/blob/"), "/commits/"),  # GitHub
    (re.compile(r"/src/(branch|commit|tag)/"), r"/commits/\1/"),  # Gitea, Forgejo
)


def history_url(repo_url: str | None, repo_path: str) -> str | None:
    """The forge's history page of the file at `repo_path`, from the configured repository
    address (a blob address such as https://github.com/org/repo/blob/main/); None without one
    or for an address of a forge we do not know."""
    if not repo_url:
        return None
    for pattern, replacement in _HISTORY:
        if pattern.search(repo_url):
            base = pattern.sub(replacement, repo_url, count=1)
            return base.rstrip("/") + "/" + quote(repo_path)
    return None
