"""How the code is put together (issue 13): the data model imports nothing from the modules that use it, no
module imports itself back through others, and only the search package knows the database vendors."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "declarations"


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(everywhere=False):
    """{module: the declarations modules it imports at its top level, or with everywhere, in its functions too}."""
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree) if everywhere else tree.body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                for alias in node.names:
                    candidate = f"{target}.{alias.name}"
                    found.add(
                        candidate
                        if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                        or (PACKAGE.parent / candidate.replace(".", "/")).is_dir()
                        else target
                    )
            elif isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found.update(n for n in names if n.startswith("declarations"))
        graph[name] = {m for m in found if m != name}
    return graph


def test_the_data_model_imports_nothing_that_uses_it():
    assert imports()["declarations.models"] <= {"declarations.rendering"}


def test_no_module_imports_itself_back():
    # Function-level imports count too: an import moved into a function to break a cycle is still a cycle.
    graph = imports(everywhere=True)
    cycles = []

    def visit(module, path):
        for target in graph.get(module, ()):
            if target == path[0]:
                cycles.append(" -> ".join([*path, target]))
            elif target not in path and len(path) < 8:
                visit(target, [*path, target])

    for module in graph:
        visit(module, [module])
    assert cycles == []


def test_only_the_search_package_knows_the_database_vendors():
    outside = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and "search" not in path.parts
        and ("declarations_paragraph_fts" in path.read_text() or "search_vector" in path.read_text())
    ]
    assert outside == []
