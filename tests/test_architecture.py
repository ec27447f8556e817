"""The import rules of issue 12 (.importlinter), so a forbidden import fails the suite as well as `make lint`.

- the courses core imports no plug-in (courses.quiz, courses.certificates, courses.community);
- plug-ins do not import each other;
- news and courses do not import each other;
- home imports neither news nor courses.
"""

import importlib
import sys
import textwrap
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

BASE_DIR = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(capsys, monkeypatch):
    monkeypatch.chdir(BASE_DIR)
    passed = lint_imports(config_filename=str(BASE_DIR / ".importlinter"), no_cache=True, no_logo=True) == 0
    assert passed, capsys.readouterr().out


def test_the_contracts_see_imports_inside_functions(tmp_path, monkeypatch):
    """The rule counts function-level imports; grimp, which lint-imports reads, must see them."""
    package = tmp_path / "layering_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text("")
    (package / "core.py").write_text(
        textwrap.dedent(
            """
            def late():
                from layering_probe import plugin

                return plugin
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    try:
        graph = grimp.build_graph("layering_probe", cache_dir=None)
    finally:
        sys.modules.pop("layering_probe", None)
    assert graph.direct_import_exists(importer="layering_probe.core", imported="layering_probe.plugin")
