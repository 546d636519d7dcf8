"""Two import-linter contracts the stock ones do not cover (pyproject.toml,
[tool.importlinter]):

- `app_cycles`: no two apps import each other, directly or round a longer loop. The
  layers contract allows the apps of one layer to import each other; this keeps those
  imports pointing one way.
- `private_names`: no module imports another app's private name (`_name`), or a
  private module of it, at any depth. A name used by another app is part of its
  interface and is written without the underscore.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import grimp
from importlinter import Contract, ContractCheck, fields, output


def _app(module: str) -> str:
    return module.split(".")[0]


def _is_migration(module: str) -> bool:
    return ".migrations." in module


class AppCyclesContract(Contract):
    """Apps (the given top-level packages) form no cycle of imports."""

    type_name = "app_cycles"

    apps = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        apps: set[str] = set(self.apps)  # type: ignore[call-overload]
        edges: dict[tuple[str, str], list[str]] = defaultdict(list)
        for module in graph.modules:
            if _app(module) not in apps or _is_migration(module):
                continue
            for imported in graph.find_modules_directly_imported_by(module):
                if _app(imported) in apps and _app(imported) != _app(module):
                    edges[(_app(module), _app(imported))].append(f"{module} -> {imported}")
        cycles = _cycles(apps, set(edges))
        return ContractCheck(
            kept=not cycles,
            metadata={
                "cycles": [
                    [(a, b, sorted(edges[(a, b)])[:3]) for a, b in cycle] for cycle in cycles
                ]
            },
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error("A cycle between apps: " + " -> ".join([c[0] for c in cycle]))
            for _a, _b, examples in cycle:
                for example in examples:
                    output.print(f"    {example}")
            output.new_line()


def _cycles(apps: set[str], edges: set[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """One cycle through each strongly connected group of apps (Tarjan), as edges."""
    successors: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(edges):
        successors[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in successors[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                top = stack.pop()
                group.add(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for app in sorted(apps):
        if app not in index:
            visit(app)
    cycles = []
    for group in groups:
        start = min(group)
        # Walk inside the group back to the start (breadth first, so the loop is short).
        paths = {start: [start]}
        queue = [start]
        found: list[str] | None = None
        while queue and found is None:
            node = queue.pop(0)
            for nxt in successors[node]:
                if nxt not in group:
                    continue
                if nxt == start:
                    found = paths[node] + [start]
                    break
                if nxt not in paths:
                    paths[nxt] = paths[node] + [nxt]
                    queue.append(nxt)
        if found:
            cycles.append(list(zip(found, found[1:], strict=False)))
    return cycles


class PrivateNamesContract(Contract):
    """No module imports a private name or private module of another app."""

    type_name = "private_names"

    apps = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        apps: set[str] = set(self.apps)  # type: ignore[call-overload]
        found: list[str] = []
        for app in sorted(apps):
            for path in sorted(Path(app).rglob("*.py")):
                module = ".".join(path.with_suffix("").parts)
                if _is_migration(module):
                    continue
                found.extend(_private_imports(path, app, apps))
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["found"]:
            output.print_error(line)
        output.new_line()


def _private_imports(path: Path, app: str, apps: set[str]) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            target = node.module
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            target, names = "", [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            full = f"{target}.{name}" if target else name
            if _app(full) not in apps or _app(full) == app:
                continue
            if any(part.startswith("_") and not part.startswith("__") for part in full.split(".")):
                found.append(f"{path}:{node.lineno} imports {full}")
    return found
