"""The forge's “create new file” page for a configured repository address.

The site's forms hand the file they write to the pull-request process: a button opens the
forge's web editor on a new file with its path (and, where the forge takes it, its content)
filled in. What each forge accepts:

* GitHub: `<repo>/new/<branch>?filename=<path>&value=<content>` (the path may hold folders);
* Gitea and Forgejo: `<repo>/_new/<branch>/?filename=<path>&value=<content>` (Gitea's
  documentation, “Pre-Fill New File name and contents”, since Gitea 1.16);
* GitLab: `<repo>/-/new/<branch>?file_name=<path>` fills the name only; its editor ignores a
  content parameter (gitlab-org/gitlab issues 337038 and 594214), so the form copies the text
  for the clerk to paste.

The repository address is the one provenance links use (plugin `repo_url` or JILI_REPO_URL):
a blob address such as https://github.com/org/repo/blob/main/.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

#: (forge, blob address pattern: repository and branch)
_BLOB = (
    ("gitlab", re.compile(r"^(?P<repo>https?://[^?#]+?)/-/blob/(?P<branch>[^/?#]+)")),
    ("gitea", re.compile(r"^(?P<repo>https?://[^?#]+?)/src/branch/(?P<branch>[^/?#]+)")),
    ("github", re.compile(r"^(?P<repo>https?://[^?#]+?)/blob/(?P<branch>[^/?#]+)")),
)
#: What each forge is called on the button (the forges' own names).
NAMES = {"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea 或 Forgejo"}


@dataclass(frozen=True, slots=True)
class NewFile:
    """How to open the forge's new-file page: `base` plus the query parameters named here
    (`content_param` None: the forge takes no content)."""

    forge: str
    name: str
    base: str
    path_param: str
    content_param: str | None

    def url(self, path: str, content: str | None = None) -> str:
        """The address for a file at repository path `path` (tests; the form builds the same)."""
        from urllib.parse import urlencode

        query = {self.path_param: path}
        if content is not None and self.content_param:
            query[self.content_param] = content
        return self.base + "?" + urlencode(query)

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def new_file(repo_url: str | None) -> NewFile | None:
    """The new-file page of the repository at `repo_url` (a blob address), or None without an
    address or for an address of a forge this does not know."""
    if not repo_url:
        return None
    for forge, pattern in _BLOB:
        m = pattern.match(repo_url)
        if m is None:
            continue
        repo, branch = m["repo"], m["branch"]
        if forge == "github":
            return NewFile(forge, NAMES[forge], f"{repo}/new/{branch}", "filename", "value")
        if forge == "gitea":
            return NewFile(forge, NAMES[forge], f"{repo}/_new/{branch}/", "filename", "value")
        return NewFile(forge, NAMES[forge], f"{repo}/-/new/{branch}", "file_name", None)
    return None
