"""Mutants of a module's source: small changes a test suite should notice.

Each mutant replaces one span of the source (found with `ast`) by new text, so everything
else keeps its line, column and comments. The operators are the classic ones:

* a comparison flipped (`==`/`!=`, `<`/`>=`, `<=`/`>`, `in`/`not in`, `is`/`is not`);
* `and`/`or` swapped, or one condition of an `and`/`or` dropped;
* a `not` dropped, or a bare condition (`if found:`) negated;
* an integer constant off by one, `True`/`False` swapped;
* `continue`/`break` made `pass`;
* a function that returns at once (before its first statement).

A mutant's id names the module, the function, the operator and the text before and after,
so it stays the same while unrelated lines move (ids are how equivalent mutants are listed).
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .targets import Named, Target

FLIP = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.LtE: ast.Gt,
        ast.Gt: ast.LtE, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass(frozen=True)
class Mutant:
    id: str
    module: str
    path: str  # file, relative to the project root
    function: str  # qualified name
    operator: str
    line: int  # first and last line of the changed span (1-based)
    end_line: int
    start: tuple[int, int]  # (line, byte column) where the replaced span starts
    end: tuple[int, int]  # and ends
    replacement: str
    before: str
    after: str
    named: str | None = None  # the named mutant's name


class Stale(Exception):
    """A target or named mutant matches nothing in the code as it is now."""


def module_file(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    return Path(spec.origin) if spec is not None and spec.origin else None


def modules_of(target: Target) -> list[str]:
    """The modules a target stands for (a package: each of its modules, the package itself first)."""
    if not target.package:
        return [target.module]
    spec = importlib.util.find_spec(target.module)
    if spec is None or not spec.submodule_search_locations:
        raise Stale(f"package {target.module} not found")
    found = [target.module]
    for info in sorted(pkgutil.walk_packages(spec.submodule_search_locations, target.module + "."),
                       key=lambda i: i.name):
        found.append(info.name)
    return found


def functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """(qualified name, node) of every function and method, outermost first."""
    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, ast.AST]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                yield name, child
                yield from walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, prefix + child.name + ".")
            else:
                yield from walk(child, prefix)
    yield from walk(tree, "")


def _skipped(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[int]:
    """ids of nodes not to mutate: annotations, f-strings (their inner positions are not
    reliable), docstrings and nested function definitions (mutated as functions of their own)."""
    skip: set[int] = set()

    def mark(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(fn):
        if isinstance(node, ast.arg | ast.AnnAssign):
            mark(node.annotation)
        elif isinstance(node, ast.JoinedStr):
            mark(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            mark(node.returns)
            for decorator in node.decorator_list:  # run at import, not by a test
                mark(decorator)
            if node is not fn:
                mark(node)
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                mark(body[0])
    return skip


def _conditions(fn: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(fn):
        if isinstance(node, ast.If | ast.While | ast.IfExp):
            yield node.test
        elif isinstance(node, ast.comprehension):
            yield from node.ifs


def _edits(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[tuple[str, ast.AST, str]]:
    """(operator, node whose span is replaced, replacement text) for one function."""
    skip = _skipped(fn)
    for node in ast.walk(fn):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                flipped = FLIP.get(type(op))
                if flipped is not None:
                    ops = list(node.ops)
                    ops[i] = flipped()
                    yield "compare", node, f"({ast.unparse(ast.Compare(node.left, ops, node.comparators))})"
        elif isinstance(node, ast.BoolOp):
            other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            yield "and-or", node, f"({ast.unparse(ast.BoolOp(other, node.values))})"
            for i in range(len(node.values)):
                rest = node.values[:i] + node.values[i + 1:]
                kept = rest[0] if len(rest) == 1 else ast.BoolOp(node.op, rest)
                yield "drop-condition", node, f"({ast.unparse(kept)})"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield "drop-not", node, f"({ast.unparse(node.operand)})"
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            yield "bool", node, str(not node.value)
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield "off-by-one", node, str(node.value + 1)
        elif isinstance(node, ast.Continue | ast.Break):
            yield "skip-" + type(node).__name__.lower(), node, "pass"
    for test in _conditions(fn):
        if id(test) not in skip and not isinstance(test, ast.Compare | ast.BoolOp | ast.UnaryOp):
            yield "negate", test, f"(not {ast.unparse(test)})"


def _first_statement(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.stmt | None:
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if not body or body[0].lineno == fn.lineno:
        return None
    return body[0]


def _span(node: ast.AST) -> tuple[tuple[int, int], tuple[int, int]]:
    return (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)


def _text(node: ast.AST) -> str:
    return " ".join(ast.unparse(node).split())


def of_module(module: str, root: Path, only: tuple[str, ...] | None = None) -> list[Mutant]:
    """Every mutant of `module` (of the functions named in `only`, if given)."""
    path = module_file(module)
    if path is None:
        raise Stale(f"module {module} not found")
    tree = ast.parse(path.read_bytes())
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    out: list[Mutant] = []
    seen: dict[str, int] = {}
    matched: set[str] = set()
    for qualname, fn in functions(tree):
        if only is not None and qualname not in only:
            continue
        matched.add(qualname)
        edits = list(_edits(fn))
        first = _first_statement(fn)
        statement = _statements(fn)
        if first is not None:  # a default value matters when the function is called, not defined
            statement.update({id(n): first.lineno for n in ast.walk(fn.args)})
        for operator, node, replacement in edits:
            start, end = _span(node)
            before = _text(node)
            after = " ".join(replacement.split())
            # coverage records a statement by its first line: the mutant's tests are those of
            # the lines from its statement's start to the node's end
            line = statement.get(id(node), start[0])
            # a default value sits above its statement (the function's first): its range of
            # lines must still reach that statement, or no test is found for it
            out.append(_make(module, rel, qualname, operator, start, end, replacement, before, after, seen,
                             line=line, end_line=max(end[0], line)))
        if first is not None:
            pos = (first.lineno, first.col_offset)
            out.append(_make(module, rel, qualname, "return-early", pos, pos,
                             "return\n" + " " * first.col_offset, "", "return", seen, end_line=first.lineno))
    missing = set(only or ()) - matched
    if missing:
        raise Stale(f"{module}: no function {', '.join(sorted(missing))}")
    return out


def _statements(fn: ast.AST) -> dict[int, int]:
    """id of each expression node -> first line of the statement it is part of."""
    out: dict[int, int] = {}

    def walk(node: ast.AST, line: int) -> None:
        for child in ast.iter_child_nodes(node):
            here = child.lineno if isinstance(child, ast.stmt) else line
            out[id(child)] = here
            walk(child, here)

    walk(fn, fn.lineno)
    return out


def _make(module: str, rel: str, qualname: str, operator: str, start: tuple[int, int], end: tuple[int, int],
          replacement: str, before: str, after: str, seen: dict[str, int], *, line: int | None = None,
          end_line: int | None = None, named: str | None = None) -> Mutant:
    base = f"{module}:{qualname}:{operator}:{before} -> {after}" if named is None else f"named:{named}"
    seen[base] = seen.get(base, 0) + 1
    ident = base if seen[base] == 1 else f"{base} #{seen[base]}"
    return Mutant(ident, module, rel, qualname, operator, line or start[0], end_line or end[0], start, end,
                  replacement, before, after, named)


def all_target_mutants(targets: tuple[Target, ...], root: Path) -> tuple[list[Mutant], list[str]]:
    """The mutants of every target, and what could not be found (stale configuration)."""
    out: list[Mutant] = []
    stale: list[str] = []
    for target in targets:
        try:
            for module in modules_of(target):
                out.extend(of_module(module, root, target.functions))
        except Stale as exc:
            stale.append(str(exc))
    return out, stale


def _find_function(module: str, qualname: str) -> tuple[str, ast.AST] | None:
    """(module, function node) of `qualname` in `module`, else the one module of `generator`
    that defines it (code moves; the change to kill stays the same)."""
    candidates = [module] + [m.name for m in pkgutil.walk_packages(
        importlib.util.find_spec("generator").submodule_search_locations, "generator.") if m.name != module]
    found = []
    for name in candidates:
        path = module_file(name)
        if path is None or path.suffix != ".py":
            continue
        for qual, fn in functions(ast.parse(path.read_bytes())):
            if qual == qualname:
                found.append((name, fn))
        if found and name == module:
            break
    return found[0] if len(found) == 1 else None


def of_named(named: Named, root: Path) -> Mutant:
    """The mutant a named change stands for; Stale if its function or node cannot be found once."""
    found = _find_function(named.module, named.function)
    if found is None:
        raise Stale(f"{named.name}: function {named.function} not found (or found twice)")
    module, fn = found
    nodes = [n for n in ast.walk(fn) if isinstance(n, named.node) and ast.unparse(n) == named.find]
    if len(nodes) != 1:
        raise Stale(f"{named.name}: {len(nodes)} matches of {named.find!r} in {module}.{named.function}")
    node = nodes[0]
    ast.parse(named.replace)  # a typo in the configuration fails here, not as a "killed" mutant
    rel = module_file(module).resolve().relative_to(root.resolve()).as_posix()
    start, end = _span(node)
    return _make(module, rel, named.function, "named", start, end, f"({named.replace})", _text(node),
                 " ".join(named.replace.split()), {}, line=_statements(fn).get(id(node)), named=named.name)


def apply(source: bytes, mutant: Mutant) -> bytes:
    """`source` with the mutant's span replaced (columns are UTF-8 byte offsets, as `ast` gives them)."""
    lines = source.splitlines(keepends=True)
    (l1, c1), (l2, c2) = mutant.start, mutant.end
    head = b"".join(lines[:l1 - 1]) + lines[l1 - 1][:c1]
    tail = lines[l2 - 1][c2:] + b"".join(lines[l2:])
    return head + mutant.replacement.encode("utf-8") + tail
