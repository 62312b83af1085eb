"""`make test-fast` (-m "not slow") leaves out every test module that drives a browser, starts PostgreSQL or
tests the dist build: such a module must carry `pytestmark = pytest.mark.slow` (kill -9 and load tests are
marked by hand; they cannot be told apart from a cleanup's SIGKILL by reading the code)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLOW_HELPERS = {"tests.helpers.browser": "a browser", "tests.helpers.postgres": "PostgreSQL"}


def _needs(tree: ast.Module) -> list[str]:
    needs = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in SLOW_HELPERS:
            needs.append(SLOW_HELPERS[node.module])
        if (isinstance(node, ast.Call) and ast.unparse(node.func).endswith("environ.get") and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == "KIOSK_DIST"):
            needs.append("the dist build")
    return needs


def _module_marked_slow(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            return "pytest.mark.slow" in ast.unparse(node.value)
    return False


def _postgres_only_in_slow_params(tree: ast.Module) -> bool:
    """Runs on SQLite in the fast suite and on PostgreSQL only through a parameter marked slow:
    `pytest.param("postgresql", marks=pytest.mark.slow)`, the fixture taken by request.getfixturevalue."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and ast.unparse(node.func) == "pytest.param" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == "postgresql"
                and any(k.arg == "marks" and "pytest.mark.slow" in ast.unparse(k.value) for k in node.keywords)):
            return True
    return False


def test_modules_that_need_a_browser_postgresql_or_the_dist_are_marked_slow() -> None:
    unmarked = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        needs = _needs(tree)
        if needs == ["PostgreSQL"] * len(needs) and _postgres_only_in_slow_params(tree):
            continue
        if needs and not _module_marked_slow(tree):
            unmarked.append(f"{path.relative_to(ROOT)} ({', '.join(sorted(set(needs)))})")
    assert unmarked == []


def test_the_check_sees_a_module_that_needs_postgresql() -> None:
    bare = ast.parse("from tests.helpers.postgres import postgres\n")
    marked = ast.parse("import pytest\nfrom tests.helpers.postgres import postgres\npytestmark = pytest.mark.slow\n")
    assert _needs(bare) == ["PostgreSQL"] and not _module_marked_slow(bare)
    assert _module_marked_slow(marked)
    param = ast.parse('import pytest\nfrom tests.helpers.postgres import postgres\n'
                      'DB = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]\n')
    unmarked_param = ast.parse('import pytest\nfrom tests.helpers.postgres import postgres\n'
                               'DB = ["sqlite", pytest.param("postgresql")]\n')
    assert _postgres_only_in_slow_params(param) and not _postgres_only_in_slow_params(unmarked_param)
