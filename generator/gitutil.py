"""What git knows: which files a change touches, and what a file said before it.

Only this module runs git. It is used for `--changed-since` (judge only what a pull request
changes) and to compare a published notice with its earlier version.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(RuntimeError):
    """git failed; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Changes:
    changed: frozenset[str]  # added, modified or renamed-to, including uncommitted and untracked
    deleted: frozenset[str]


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令") from None
    if check and result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} 失败")
    return result


def verify_ref(root: Path, ref: str) -> str:
    """The commit `ref` names; refuses anything that is not a commit in this repository."""
    if ref.startswith("-"):
        raise GitError(f"不是有效的提交：{ref}")
    result = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if result.returncode != 0:
        raise GitError(f"在 {root} 中找不到提交“{ref}”（拉取请求的检查需要完整的 git 历史：fetch-depth: 0）")
    return result.stdout.decode().strip()


def changes_since(root: Path, ref: str) -> Changes:
    """Files that differ between `ref` and the working tree, plus untracked files."""
    commit = verify_ref(root, ref)
    out = _git(root, "diff", "--name-status", "-z", "--no-renames", commit, "--").stdout.decode("utf-8")
    parts = out.split("\0")
    changed: set[str] = set()
    deleted: set[str] = set()
    for status, path in zip(parts[0::2], parts[1::2]):
        if not status:
            continue
        (deleted if status.startswith("D") else changed).add(path)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z").stdout.decode("utf-8")
    changed.update(p for p in untracked.split("\0") if p)
    return Changes(frozenset(changed), frozenset(deleted))


#: git file modes worth knowing about in the data folders (regular files are 100644).
EXECUTABLE, SYMLINK, GITLINK = "100755", "120000", "160000"


def is_repository(root: Path) -> bool:
    """Is `root` the top of a git work tree? (False without git.)"""
    try:
        result = _git(root, "rev-parse", "--show-toplevel", check=False)
    except GitError:
        return False
    return result.returncode == 0 and Path(result.stdout.decode().strip()).resolve() == root.resolve()


def index_modes(root: Path, folders: tuple[str, ...]) -> dict[str, str]:
    """{path: mode} for the entries of `folders` in git's index that are not plain files
    (executable files, symbolic links, submodules). {} outside a git work tree.

    The index is what a commit records: a submodule is only a folder on disk, and an
    executable bit may be invisible on a file share, but git keeps both."""
    if not (root / ".git").exists():
        return {}
    try:
        result = _git(root, "ls-files", "--stage", "-z", "--", *folders, check=False)
    except GitError:
        return {}
    if result.returncode != 0:
        return {}
    out: dict[str, str] = {}
    for entry in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode = meta.split(" ", 1)[0]
        if mode != "100644":
            out[path] = mode
    return out


def merge_base(root: Path) -> str | None:
    """Where this checkout's own changes start: the merge base of HEAD with its upstream
    (or origin's default branch); HEAD itself if there is none; None outside git or before
    the first commit."""
    if not is_repository(root):
        return None
    for upstream in ("@{upstream}", "origin/HEAD", "origin/main", "origin/master"):
        found = _git(root, "merge-base", "HEAD", upstream, check=False)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.decode().strip()
    head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    return head.stdout.decode().strip() if head.returncode == 0 else None


def show_file(root: Path, ref: str, path: str) -> bytes | None:
    """The bytes of `path` at `ref`, or None if it did not exist there."""
    result = _git(root, "show", f"{verify_ref(root, ref)}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def tree_at(root: Path, ref: str, folders: tuple[str, ...]) -> dict[str, bytes]:
    """Every regular file under `folders` as it was at `ref`: {path: bytes}.

    Used to judge a pull request against the rules of its base commit, which the pull
    request itself cannot change. Two git processes, however many files.
    """
    commit = verify_ref(root, ref)
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *folders).stdout.decode("utf-8")
    blobs: list[tuple[str, str]] = []
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):  # not symlinks, not submodules
            blobs.append((path, sha))
    if not blobs:
        return {}
    try:
        result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], capture_output=True, check=False,
                                input="".join(f"{sha}\n" for _, sha in blobs).encode())
    except FileNotFoundError:
        raise GitError("找不到 git 命令") from None
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or "git cat-file 失败")
    out, files, at = result.stdout, {}, 0
    for path, _ in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        files[path] = out[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return files


def head_commit(root: Path) -> str | None:
    """The commit checked out at `root`, with `-dirty` appended when the work tree differs from
    it (as `git describe --dirty` marks it); None when `root` is not the top of a git checkout
    or git is not installed. Used to say which commit published data was built from."""
    try:
        # one process for both; it fails outside a repository and in one with no commit yet
        found = _git(root, "rev-parse", "--show-toplevel", "HEAD", check=False)
    except GitError:
        return None
    lines = found.stdout.decode("utf-8", "replace").splitlines()
    if found.returncode != 0 or len(lines) != 2 or Path(lines[0]).resolve() != root.resolve():
        return None  # not a checkout, or a folder inside someone else's checkout
    commit = lines[1].strip()
    status = _git(root, "status", "--porcelain", "-z", check=False)
    return commit + ("-dirty" if status.returncode != 0 or status.stdout else "")
