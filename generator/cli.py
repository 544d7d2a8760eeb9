"""The `jili` command: a thin front-end over the generator core.

Exit status: 0 all good, 1 the data has errors, 2 the command could not run (usage, I/O,
git). Anything a user can type ends in a Chinese message, never a Python traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import importlib.metadata
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import clock, gitutil
from .reporting import DESCRIPTIONS, REPORTERS, Report, counts_summary, emit

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as asked; the message is for the user."""


class ChineseParser(argparse.ArgumentParser):
    """argparse with its messages in Chinese and usage errors reported as exit 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        text = _did_you_mean(self, message) or _translate_argparse(message)
        raise UsageError(text + f"\n用法：{self.format_usage().strip().removeprefix('usage: ')}")

    def format_help(self) -> str:
        return (super().format_help().replace("usage:", "用法：")
                .replace("positional arguments:", "参数：").replace("options:", "选项：")
                .replace("subcommands:", "子命令："))


def _translate_argparse(message: str) -> str:
    replacements = (
        ("the following arguments are required: ", "缺少必需的参数："),
        ("unrecognized arguments: ", "不认识的参数："),
        ("invalid choice: ", "无效的选项："),
        ("(choose from ", "（可选："),
        ("expected one argument", "需要一个值"),
        ("invalid int value: ", "不是整数："),
        ("argument ", "参数 "),
        ("not allowed with argument ", "不能与此参数同时使用："),
    )
    for english, chinese in replacements:
        message = message.replace(english, chinese)
    return message


_INVALID_CHOICE = re.compile(r"argument (?P<arg>[^:]+): invalid choice: '?(?P<value>.*?)'? \(choose from (?P<choices>.*)\)\Z")


def _did_you_mean(parser: argparse.ArgumentParser, message: str) -> str | None:
    """A mistyped subcommand, option or choice, with the closest valid one ("是不是：validate？")."""
    found = _INVALID_CHOICE.match(message)
    if found:
        choices = [c.strip().strip("'") for c in found["choices"].split(",")]
        value, arg = found["value"], found["arg"]
        guess = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
        offer = f"是不是：{guess[0]}？" if guess else ""
        listed = "、".join(choices)
        if arg.startswith("-"):
            return f"参数 {arg}：无效的选项“{value}”{('，' + offer) if offer else ''}（可选：{listed}）"
        return f"不认识的{arg}“{value}”{('，' + offer) if offer else ''}（可用的{arg}：{listed}）"
    if message.startswith("unrecognized arguments: "):
        unknown = message.removeprefix("unrecognized arguments: ").split()
        options = sorted(_option_strings(parser))
        parts = []
        for arg in unknown:
            if arg.startswith("-"):
                guess = difflib.get_close_matches(arg.split("=", 1)[0], options, n=1, cutoff=0.6)
                parts.append(f"“{arg}”" + (f"（是不是：{guess[0]}？）" if guess else ""))
            else:
                parts.append(f"“{arg}”")
        return "不认识的参数：" + "、".join(parts)
    return None


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    """Every option of `parser` and of its subcommands (the unknown one may belong to either)."""
    out: set[str] = set()
    for action in parser._actions:
        out.update(o for o in action.option_strings if o.startswith("--"))
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out |= _option_strings(sub)
    return out


def _version() -> str:
    try:
        return importlib.metadata.version("jili")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "（未安装，版本未知）"


def _root(args: argparse.Namespace) -> Path:
    if args.root:
        root = Path(args.root)
        if not root.is_dir():
            raise UsageError(f"--root 指定的目录不存在：{args.root}")
        return root.resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "schema").is_dir() and (candidate / "measures").is_dir():
            return candidate
    raise UsageError("当前目录不在 jili 数据仓库中（找不到 schema/ 和 measures/）；可用 --root 指定仓库目录")


def _repo(args: argparse.Namespace):
    from .repository import Repository

    root = _root(args)
    if not (root / "schema").is_dir():
        raise UsageError(f"{root} 不是 jili 数据仓库（没有 schema/ 目录）")
    return Repository(root, demo=getattr(args, "demo", False))


# --- validate ------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from .change import check_change, check_local, resolve_paths

    repo = _repo(args)
    now = None
    if args.now:
        try:
            now = clock.parse_now(args.now)
        except clock.ClockError:
            raise UsageError(f"--now 的值“{args.now}”不是时间，应形如 2022-02-02T09:00+08:00") from None
    paths = None
    if args.paths:
        paths, missing = resolve_paths(repo, repo.root, args.paths)
        if missing:
            raise UsageError("找不到这些数据文件：" + "、".join(missing))
    if args.changed_since is not None:
        result = check_change(repo, args.changed_since, now=now, paths=paths)
    else:
        result = check_local(repo, now=now, paths=paths)
    summary = counts_summary(result.diagnostics, result.files) + result.clock_note
    emit(Report(tuple(result.diagnostics), summary, changed=result.changed, causes=result.causes), args.format)
    return EXIT_OK if result.ok else EXIT_INVALID


# --- export --------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from .export import measure_view
    from .layout import measures_folder
    from .validate import Checker

    repo = _repo(args)
    checker = Checker(repo)
    if checker.edition(args.year) is None:
        raise UsageError(f"没有 {args.year} 年的政策版次（measures/{args.year}/edition.yaml）")
    result = checker.run([s.path for s in repo.in_folder(measures_folder(args.year))])
    if not result.ok:
        # the export itself goes to stdout; what stops it goes to stderr only
        emit(Report(tuple(result.diagnostics), f"{args.year} 年的政策数据有错误，未导出。", command="export"),
             args.format, out=sys.stderr)
        return EXIT_INVALID
    views = [measure_view(m) for _, m in sorted(checker.measures(args.year).items())]
    sys.stdout.write(json.dumps(views, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


# --- new -----------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from . import scaffold
    from .validate import Checker

    repo = _repo(args)
    checker = Checker(repo)
    try:
        if args.what == "application":
            made = scaffold.new_application(checker, args.year, args.measure, args.applicant)
        elif args.what == "recommendation":
            made = scaffold.new_recommendation(checker, args.year, args.measure, args.sender)
        else:
            made = scaffold.new_notice(checker, args.year, args.name, args.issuer)
        if args.stdout:
            sys.stdout.write(made.text)
            return EXIT_OK
        scaffold.write(repo.root, made)
    except scaffold.ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"已生成 {made.path}")
    print(f"下一步：填写文件中所有 \"\" 处，然后运行  jili validate {made.path}")
    return EXIT_OK


# --- codeowners and authorize -------------------------------------------------------------


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .access import codeowners
    from .access.ownership import from_repository

    repo = _repo(args)
    spec = codeowners.forge(args.forge)
    ownership, errors = from_repository(repo)
    if errors:
        emit(Report(tuple(errors), "名录或政策数据有错误，未生成 CODEOWNERS；请先修正上面的错误。",
                    command="codeowners"), args.format)
        return EXIT_INVALID
    if ownership.supervision is None or not ownership.supervision.maintainers:
        raise UsageError(f"名录中没有登记{ownership.supervision_label}的经办账号（maintainers），"
                         f"CODEOWNERS 缺少默认审核人；请在部门名录中{ownership.supervision_label}的文件里登记")
    if args.check:
        found = codeowners.check(repo.root, ownership, forge_name=args.forge)
        summary = (f"{spec.path} 已过期：运行 {spec.command} 重新生成并提交。" if found
                   else f"{spec.path} 与名录一致。")
        emit(Report(tuple(found), summary, command="codeowners"), args.format)
        return EXIT_INVALID if found else EXIT_OK
    if args.stdout:
        sys.stdout.write(spec.render(ownership))
        return EXIT_OK
    try:
        changed = codeowners.write(repo.root, ownership, force=args.force, forge_name=args.forge)
    except codeowners.NotOurs:
        raise UsageError(f"{spec.path} 不是 jili codeowners 生成的（第一行不是生成说明），未覆盖；"
                         "确认不再需要手工内容后加 --force") from None
    print(f"已生成 {spec.path}" if changed else f"{spec.path} 已是最新，未改动。")
    return EXIT_OK


def cmd_authorize(args: argparse.Namespace) -> int:
    from .access.authorize import authorize

    repo = _repo(args)
    actor = args.actor.strip().removeprefix("@")
    if not actor:
        raise UsageError("--actor 不能为空：应为拉取请求作者的 GitHub 账号")
    verdict = authorize(repo.root, actor, args.changed_since)
    summary = (f"账号 {actor}（{verdict.role}）：改动的 {verdict.files} 个文件均有权改动。" if verdict.ok else
               f"账号 {actor}（{verdict.role}）：{len(verdict.diagnostics)} 个问题，修正前拉取请求不能合并。")
    emit(Report(verdict.diagnostics, summary, command="authorize"), args.format)
    return EXIT_OK if verdict.ok else EXIT_INVALID


# --- render and build (the public site) ------------------------------------------------------


def _publishable(args: argparse.Namespace):
    """The Snapshot to publish, or None after printing why the data does not validate."""

    from .snapshot import InvalidRepository, take

    try:
        return take(_root(args), demo=args.demo, repo_url=os.environ.get("JILI_REPO_URL") or None)
    except InvalidRepository as exc:
        found = exc.result.diagnostics
        emit(Report(tuple(found), counts_summary(found, exc.result.files) + "数据校验未通过，网站未生成；原有输出未改动。",
                    command=args.command), args.format)
        return None


def cmd_render(args: argparse.Namespace) -> int:
    from .outputs import OutputError
    from .site.build import OutputFolderError, check_output, configured_site_url, write_pages

    out = Path(args.out)
    try:
        check_output(out, _root(args))
    except OutputFolderError as exc:
        raise UsageError(str(exc)) from None
    snapshot = _publishable(args)
    if snapshot is None:
        return EXIT_INVALID
    snapshot = dataclasses.replace(snapshot, site_url=configured_site_url(_root(args) / "mkdocs.yml"))
    try:
        built = write_pages(snapshot, out)
    except (OutputError, OutputFolderError) as exc:
        print(f"jili: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"已生成 {built.pages} 个页面（Markdown）和 {built.files} 个开放数据文件：{out}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .site.build import BuildFailed, OutputFolderError, build_site, check_output

    root = _root(args)
    out = Path(args.out) if args.out else root / "site"
    try:
        check_output(out, root)
    except OutputFolderError as exc:
        raise UsageError(str(exc)) from None
    started = time.perf_counter()
    snapshot = _publishable(args)
    if snapshot is None:
        return EXIT_INVALID
    validated = time.perf_counter()
    try:
        built = build_site(snapshot, out, config_file=root / "mkdocs.yml")
    except BuildFailed as exc:
        print(f"jili: {exc}", file=sys.stderr)
        print("原有网站未改动。", file=sys.stderr)
        return EXIT_USAGE
    kind = "示例数据网站" if snapshot.demo else "网站"
    print(f"{kind}已生成：{out}（{built.pages} 个页面，{built.files} 个开放数据文件）")
    if os.environ.get("JILI_TIMINGS"):
        # for benchmarks/run.py: the generator's own share of the build: loading and validating,
        # and everything its plugin does inside mkdocs (render, staging writes, per-page hooks)
        total = time.perf_counter() - started
        load_validate = validated - started
        plugin = sum(built.plugin_seconds.values())
        print("JILI_TIMINGS " + json.dumps({
            "load_validate": round(load_validate, 4), "render": round(built.render_seconds, 4),
            "plugin": {k: round(v, 4) for k, v in sorted(built.plugin_seconds.items())},
            "generator": round(load_validate + plugin, 4), "total": round(total, 4),
        }))
    return EXIT_OK


# --- townships -----------------------------------------------------------------------------


def cmd_townships(args: argparse.Namespace) -> int:
    from .townships import ImportProblem, import_edition

    root = _root(args)
    csv_path = Path(args.csv)
    if not csv_path.is_file():
        raise UsageError(f"找不到文件：{args.csv}")
    try:
        report = import_edition(root, args.edition, csv_path, source=args.source, force=args.force)
    except ImportProblem as exc:
        raise UsageError(str(exc)) from None
    if report.already:
        print(f"{args.edition} 年版已经导入，名录未改动。")
        return EXIT_OK
    print(f"已导入 {args.edition} 年版：新增 {report.added} 个乡镇（街道），{report.closed} 个不再列出（已写明终止年度）；"
          f"写入 {len(report.written)} 个名录文件（新建 {len(report.created)} 个），原始文件保存为 {report.source_file}。")
    print("下一步：运行 jili validate，并在 registry/sources/townships/README.md 的版本表中补上这一版的来源。")
    return EXIT_OK


# --- the parser ----------------------------------------------------------------------------


def _add_root(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's own --root must not reset one given before the subcommand
    parser.add_argument("--root", default=argparse.SUPPRESS, help="数据仓库目录")


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=tuple(REPORTERS), default="text",
                        help="输出格式：" + "；".join(f"{name}：{text}" for name, text in DESCRIPTIONS.items()))


EXAMPLES = """\
示例：
  jili validate submissions/2021/500101/01.yaml    校验一份申报材料
  jili validate                                    校验整个仓库
  jili new application --year 2021 --measure 1 --applicant 500101
                                                   生成万州区第 1 项措施的申报材料模板
  jili validate --changed-since upstream/main      只校验相对于 upstream/main 改动的文件（与拉取请求上的检查相同）
  jili build --demo                                叠加示例数据生成网站
  jili 子命令 --help                                查看某个子命令的说明和选项
"""


def build_parser() -> argparse.ArgumentParser:
    from .access.codeowners import FORGES

    parser = ChineseParser(prog="jili", description="激励支持真抓实干成效明显地方：政策、申报、推荐和通报数据的校验与发布工具",
                           epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"jili {_version()}", help="显示版本号并退出")
    parser.add_argument("--root", help="数据仓库目录（默认：当前目录所在的仓库）")
    sub = parser.add_subparsers(dest="command", metavar="子命令", parser_class=ChineseParser)

    p = sub.add_parser("validate", help="校验数据文件（不给路径则校验整个仓库）",
                       description="校验数据文件：JSON Schema 结构检查和跨文件规则。退出码：0 通过，1 有错误，2 无法运行。")
    p.add_argument("paths", nargs="*", metavar="路径", help="要校验的文件或目录（默认：整个仓库）")
    _add_root(p)
    p.add_argument("--demo", action="store_true", help="叠加 examples/ 中的示例数据一起校验")
    p.add_argument("--now", help="按此时间判断是否逾期，如 2022-02-02T09:00+08:00（默认：当前时间）")
    p.add_argument("--changed-since", metavar="REF",
                   help="只校验相对于此提交改动的文件（及引用它们的文件），并只对改动的文件判断截止时间")
    _add_format(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="导出数据", description="以 JSON 导出数据。")
    p.add_argument("what", choices=("measures",), metavar="measures", help="导出内容：measures（激励措施）")
    p.add_argument("--year", type=int, required=True, help="政策年度，如 2021")
    _add_format(p)
    _add_root(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("new", help="生成带注释的填写模板（不会覆盖已有文件）",
                       description="生成带注释的填写模板；模板填完空白即可通过校验。已有文件不会被覆盖。")
    kinds = p.add_subparsers(dest="what", metavar="类型", parser_class=ChineseParser, required=True)
    a = kinds.add_parser("application", help="申报材料", description="生成申报材料模板。")
    a.add_argument("--year", type=int, required=True, help="政策年度")
    a.add_argument("--measure", type=int, required=True, help="措施编号")
    a.add_argument("--applicant", required=True, help="申报单位的名录编号（见 registry/）")
    r = kinds.add_parser("recommendation", help="激励推荐名单", description="生成激励推荐名单模板。")
    r.add_argument("--year", type=int, required=True, help="政策年度")
    r.add_argument("--measure", type=int, required=True, help="措施编号")
    r.add_argument("--sender", required=True, help="推荐单位（牵头部门）编号")
    n = kinds.add_parser("notice", help="通报（正式名单）", description="生成通报模板，名单预填各牵头部门的推荐对象。")
    n.add_argument("--year", type=int, required=True, help="政策年度")
    n.add_argument("--name", default="official-list", help="文件名（英文小写短横线，默认 official-list）")
    n.add_argument("--issuer", default="general-office", help="发布单位编号（默认 general-office）")
    for q in (a, r, n):
        _add_root(q)
        q.add_argument("--stdout", action="store_true", help="只打印模板，不写文件")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("codeowners", help="根据名录生成 CODEOWNERS（--check 只检查是否过期）",
                       description="根据名录中各单位的经办账号和各项措施的牵头单位生成 .github/CODEOWNERS"
                                   "（--forge gitlab：.gitlab/CODEOWNERS）。"
                                   "退出码：0 一致或已生成，1 过期或数据有错误，2 无法运行。")
    p.add_argument("--check", action="store_true", help="不写文件，只检查已提交的 CODEOWNERS 是否与名录一致")
    p.add_argument("--stdout", action="store_true", help="只打印生成的内容，不写文件")
    p.add_argument("--force", action="store_true", help="覆盖手工编写的 CODEOWNERS")
    p.add_argument("--forge", choices=FORGES, default="github",
                   help="代码托管平台：github 写 .github/CODEOWNERS（默认），gitlab 写 .gitlab/CODEOWNERS（按节要求批准）")
    _add_format(p)
    _add_root(p)
    p.set_defaults(func=cmd_codeowners)

    p = sub.add_parser("authorize", help="检查拉取请求的作者能否改动其中的每个数据文件",
                       description="按基准提交时的名录检查：账号只能改动本单位的申报材料或推荐名单，"
                                   "督查机构（项目设置中的发布机构）可以改动全部；一个拉取请求只能涉及一个申报单位。"
                                   "退出码：0 有权改动，1 有无权改动的文件，2 无法运行。")
    p.add_argument("--actor", required=True, metavar="账号", help="拉取请求作者的 GitHub 账号")
    p.add_argument("--changed-since", required=True, metavar="REF", help="基准提交（拉取请求的目标分支提交）")
    _add_format(p)
    _add_root(p)
    p.set_defaults(func=cmd_authorize)

    p = sub.add_parser("townships", help="导入新一版统计用区划代码中的乡镇（街道）",
                       description="把一版统计用区划代码（CSV：code,name,county_code）并入 registry/townships/ 的"
                                   "乡镇（街道）名录，原始文件保存到 registry/sources/townships/。不删除任何条目：新版不再"
                                   "列出的写明终止年度，新增的写明起始年度。退出码：0 成功，2 无法导入。")
    t = p.add_subparsers(dest="what", metavar="操作", parser_class=ChineseParser, required=True)
    i = t.add_parser("import", help="导入一版代码表", description="导入一版统计用区划代码中的乡镇（街道）。")
    i.add_argument("csv", metavar="文件", help="这一版的 CSV 文件（UTF-8，列：code,name,county_code）")
    i.add_argument("--edition", type=int, required=True, help="版本年份，如 2023")
    i.add_argument("--source", help="代码表名称（默认沿用已有名录中的写法）")
    i.add_argument("--force", action="store_true", help="覆盖有手工改动的名录文件（字段内容保留）")
    _add_root(i)
    p.set_defaults(func=cmd_townships)

    p = sub.add_parser("render", help="把网站页面生成为 Markdown 文件（不运行 mkdocs）",
                       description="校验数据，把网站的全部页面（Markdown）和开放数据文件写到 --out 目录；"
                                   "目录整体替换，数据有错误时不改动。退出码：0 成功，1 数据有错误，2 无法运行。")
    p.add_argument("--out", required=True, metavar="目录", help="输出目录（不存在则新建；已有则须为 jili 生成的）")
    p.add_argument("--demo", action="store_true", help="叠加 examples/ 中的示例数据（每页带“示例数据”标注）")
    _add_format(p)
    _add_root(p)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("build", help="校验数据并生成网站（mkdocs 严格模式）",
                       description="校验数据，用 mkdocs 严格模式生成网站到临时目录，成功后才整体替换输出目录"
                                   "（默认 site/），失败时原有网站保持不变。退出码：0 成功，1 数据有错误，2 无法生成。")
    p.add_argument("--out", metavar="目录", help="输出目录（默认：仓库中的 site/）")
    p.add_argument("--demo", action="store_true", help="叠加 examples/ 中的示例数据（每页带“示例数据”标注）")
    _add_format(p)
    _add_root(p)
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # file names and arguments that are not UTF-8 arrive as surrogates: print them
        # escaped rather than fail with a traceback under a strict UTF-8 locale
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        return args.func(args)
    except UsageError as exc:
        print(f"jili: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except gitutil.GitError as exc:
        print(f"jili: git 出错：{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("jili: 已中断", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"jili: 读写文件出错：{exc.filename or ''} {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
