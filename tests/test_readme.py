"""The README stays a README: short, with a map of the code that is true to the tree."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
README = BASE_DIR / "README.md"
PATH = re.compile(r"`([\w.-]+(?:/[\w.-]*)+)`|\((docs/[\w.-]+\.md)\)")


def map_section():
    text = README.read_text(encoding="utf-8")
    return text.split("## Map of the code", 1)[1].split("\n## ", 1)[0]


def test_readme_stays_short():
    assert README.stat().st_size < 20_000


def test_every_path_the_map_names_exists():
    names = {"".join(match) for match in PATH.findall(map_section())}
    assert len(names) >= 30, names  # the map names the code, not a handful of it
    missing = sorted(name for name in names if not (BASE_DIR / name).exists())
    assert missing == []


def test_every_document_the_readme_links_exists():
    links = re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    assert links
    assert sorted(link for link in set(links) if not (BASE_DIR / link).exists()) == []
