"""Check what `sam build` made: every function has its handler, every layer its packages.

    python scripts/check_build.py <build dir>

`sam build` only warns ("Skipping copy operation since source ... does not exist") when
a function's CodeUri is missing, and still says "Build Succeeded"; this makes that, or a
handler that names a missing module or function, fail `make template-build`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

from samtranslator.yaml_helper import yaml_parse


def _defines(module: Path, name: str) -> bool:
    """Whether the module binds ``name`` at top level (a def or an assignment)."""
    for node in ast.parse(module.read_text(), filename=str(module)).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return True
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return True
    return False


def problems(build: Path) -> list[str]:
    template: dict[str, Any] = yaml_parse((build / "template.yaml").read_text())
    globals_ = template.get("Globals", {}).get("Function", {})
    found: list[str] = []
    for logical_id, resource in template.get("Resources", {}).items():
        kind, properties = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::Serverless::Function":
            code = build / str(properties.get("CodeUri", ""))
            handler = str(properties.get("Handler") or globals_.get("Handler", ""))
            module_name, _, function = handler.rpartition(".")
            module = code / (module_name.replace(".", "/") + ".py")
            if not module.is_file():
                found.append(f"{logical_id}: handler {handler}: no {module.relative_to(build)} in the build")
            elif not _defines(module, function):
                found.append(f"{logical_id}: handler {handler}: {module.name} defines no {function}")
        elif kind == "AWS::Serverless::LayerVersion":
            packages = build / str(properties.get("ContentUri", "")) / "python"
            if not packages.is_dir() or not any(packages.iterdir()):
                found.append(f"{logical_id}: no packages under {packages.relative_to(build)}")
    return found


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: python scripts/check_build.py <build dir>", file=sys.stderr)
        return 2
    found = problems(Path(sys.argv[1]))
    for problem in found:
        print(f"build check: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
