"""The admin's task columns name the task: "Awaiting your review" on the dashboard and the workflow
report showed a bare circle per task, the name only in a hover tooltip."""

import difflib
from pathlib import Path

import pytest

from django.urls import reverse

import wagtail

from home.groups import EDITORS, TASK_NAME, WRITERS
from home.site_tree import publish
from tests.factories import NewsArticlePageFactory, staff_user

ROOT = Path(__file__).resolve().parents[2]
WAGTAIL_TEMPLATES = Path(wagtail.__file__).parent / "admin" / "templates"
OVERRIDES = ["wagtailadmin/home/workflow_objects_to_moderate.html", "wagtailadmin/reports/workflow_results.html"]
TASK_CELL = '{% include "components/workflow_tasks.html"'


@pytest.fixture
def article_in_review(site_tree):
    writer = staff_user("penulis", WRITERS)
    article = NewsArticlePageFactory.build(title="Berita menunggu tinjauan", slug="menunggu-tinjauan")
    site_tree.news["id"].add_child(instance=article)
    publish(article)
    article.save_revision(user=writer)
    article.get_workflow().start(article, writer)
    return article


def task_cells(html):
    return [part.split("</ol>")[0] for part in html.split("<ol ")[1:] if "data-workflow-tasks" in part]


@pytest.mark.parametrize("url_name", ["wagtailadmin_home", "wagtailadmin_reports:workflow"])
def test_the_task_column_names_the_task_and_its_status(client, article_in_review, url_name):
    client.force_login(staff_user("editor", EDITORS))
    html = client.get(reverse(url_name)).content.decode()
    assert article_in_review.title in html
    (cell,) = task_cells(html)
    assert f'<span>{TASK_NAME}<span class="w-sr-only">: In progress</span></span>' in cell
    assert "icon-radio-full" in cell


@pytest.mark.parametrize("name", OVERRIDES)
def test_the_overridden_templates_differ_from_wagtails_only_in_the_task_column(name):
    """Our copies must follow Wagtail's: when an upgrade changes the original, copy it again and put
    the task cell back (`components/workflow_tasks.html`)."""
    ours = (ROOT / "templates" / name).read_text().splitlines()
    theirs = (WAGTAIL_TEMPLATES / name).read_text().splitlines()
    changes = [
        (tag, ours[j1:j2])
        for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, theirs, ours, autojunk=False).get_opcodes()
        if tag != "equal"
    ]
    header, cell = changes
    assert header[0] == "insert" and header[1][0].startswith("{% comment %}Wagtail 8.0's template")
    assert cell[0] == "replace" and len(cell[1]) == 1 and cell[1][0].strip().startswith(TASK_CELL)
