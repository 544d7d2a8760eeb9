"""The intranet deployment guide (docs/deploy/index.md): its commands run as written, and what it names exists.

Shell blocks are parsed by bash; `jili` commands by jili's own parser; the files, jobs,
workflow names, actions and codes it names are looked up in the repository.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import urls
from generator.cli import build_parser
from generator.codes import CODES
from generator.site.nav import MENU
from tests.conftest import REPO

GUIDE = REPO / "docs" / "deploy" / "index.md"


def _blocks(language: str) -> list[str]:
    text = GUIDE.read_text("utf-8")
    found = []
    for match in re.finditer(r"^( *)```" + language + r"\n(.*?)^\1```$", text, flags=re.MULTILINE | re.DOTALL):
        indent = len(match[1])
        found.append("".join(line[indent:] for line in match[2].splitlines(keepends=True)))
    return found


def test_the_guide_is_on_the_site_and_linked_from_the_readme() -> None:
    assert ("内网部署", urls.DEPLOY) in MENU
    assert (REPO / "docs" / urls.DEPLOY) == GUIDE
    assert "docs/deploy/index.md" in (REPO / "README.md").read_text("utf-8")


def test_code_blocks_are_not_nested_in_lists() -> None:
    """The site's Markdown has no superfences: a fenced block inside a list item renders as one line of text."""
    assert not re.search(r"^ +```", GUIDE.read_text("utf-8"), flags=re.MULTILINE)


def test_shell_blocks_parse() -> None:
    blocks = _blocks("sh")
    assert len(blocks) >= 10
    for block in blocks:
        result = subprocess.run(["bash", "-n"], input=block, capture_output=True, text=True, check=False)
        assert result.returncode == 0, block + result.stderr


def test_jili_commands_parse() -> None:
    parser = build_parser()
    commands = [line.strip() for block in _blocks("sh") for line in block.splitlines()
                if line.strip().startswith("jili ")]
    assert {c.split()[1] for c in commands} >= {"codeowners", "validate"}
    for command in commands:
        assert callable(parser.parse_args(shlex.split(command)[1:]).func), command


def test_ini_blocks_parse() -> None:
    import configparser

    blocks = _blocks("ini")
    assert len(blocks) == 2
    for block in blocks:
        config = configparser.ConfigParser()
        config.read_string(block)
        assert config["actions"]["ENABLED"] == "true"


def test_what_the_guide_names_exists() -> None:
    text = GUIDE.read_text("utf-8")
    for path in (".gitlab-ci.yml", ".gitlab/CODEOWNERS", ".github/CODEOWNERS", "deploy/publish-site.sh",
                 ".gitea/workflows"):
        assert f"`{path}" in text and (REPO / path).exists(), path
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text("utf-8"))
    for job in ("gate", "test", "preview", "pages"):
        assert f"`{job}`" in text and job in pipeline, job
    for variable in re.findall(r"`(CI_[A-Z_]+)`", text):
        assert variable in (REPO / ".gitlab-ci.yml").read_text("utf-8"), variable
    # the status check pattern names the Gitea workflow; the mirrored actions are the ones it uses
    validate = yaml.safe_load((REPO / ".gitea/workflows/validate.yml").read_text("utf-8"))
    assert f"`{validate['name']} / *`" in text
    assert validate["jobs"]["gate"]["name"] in text
    used = set()
    for workflow in (REPO / ".gitea" / "workflows").glob("*.yml"):
        used |= set(re.findall(r"uses: (actions/[\w-]+)@", workflow.read_text("utf-8")))
    for action in used:
        assert f"https://git.example.gov.cn/{action}.git" in text, action
    for code in re.findall(r"\*\*([A-Z]\d{3})\*\*", text):
        assert code in CODES, code


@pytest.mark.parametrize("needle", ["listen 80;", "root /srv/www/jili;", "try_files $uri $uri/ =404;"])
def test_nginx_block(needle: str) -> None:
    (block,) = _blocks("nginx")
    assert needle in block
    assert block.count("{") == block.count("}")


def test_publish_script_usage_matches_the_guide() -> None:
    script = (REPO / "deploy" / "publish-site.sh").read_text("utf-8")
    assert "用法：deploy/publish-site.sh 仓库地址 工作目录 网站目录" in script
    calls = [line for block in _blocks("sh") for line in block.splitlines() if "jili-publish-site https://" in line]
    assert calls
    for call in calls:
        words = shlex.split(call[call.index("/usr/local/bin/jili-publish-site"):].split(" >>")[0])
        assert len(words) == 4, call  # the script, then its three arguments


def test_nginx_config_is_accepted_by_nginx(tmp_path: Path) -> None:
    """Where nginx is installed, it checks the block itself (with the paths moved into a scratch folder)."""
    import shutil

    nginx = shutil.which("nginx")
    if nginx is None:
        pytest.skip("没有安装 nginx")
    (block,) = _blocks("nginx")
    site = tmp_path / "www"
    site.mkdir()
    server = block.replace("listen 80;", "listen 127.0.0.1:18080;").replace("/srv/www/jili", str(site))
    conf = tmp_path / "nginx.conf"
    temporary = "".join(f"{kind}_temp_path {tmp_path}/{kind};\n"
                        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\naccess_log off;\n{temporary}{server}\n}}\n", "utf-8")
    result = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
