from django.db.models import Subquery

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import hooks as home_hooks
from home.site_tree import ensure_section
from news import demo
from news.models import Category, NewsArticlePage, NewsIndexPage


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_order = 200
    list_display = ["name", "slug", "locale"]
    # No `search_fields`: the admin searches the model's own index (see PersonViewSet in home/wagtail_hooks.py).


register_snippet(CategoryViewSet)


@hooks.register(home_hooks.SITE_SECTIONS, order=100)
def news_section(home_pages):
    return "news", ensure_section(home_pages, NewsIndexPage, titles=("Berita", "News"), slugs=("berita", "news"))


@hooks.register(home_hooks.HOME_PAGE_CONTEXT)
def latest_news(page, request):
    """The home page's lead story (the editor's choice, else the newest) and the three news after it."""
    articles = NewsArticlePage.objects.for_listing(page.locale)
    newest = list(articles[:4])  # the lead story and three more, whichever is the lead
    lead_story = None
    if page.lead_story_id:
        chosen = NewsArticlePage.objects.filter(pk=page.lead_story_id).values("translation_key")
        lead_story = articles.filter(translation_key=Subquery(chosen)).first()
    if lead_story is None and newest:
        lead_story = newest[0]
    return {
        "lead_story": lead_story,
        "latest_articles": [article for article in newest if article.pk != getattr(lead_story, "pk", None)][:3],
        "news_index": NewsIndexPage.objects.child_of(page).live().public().first(),
    }


@hooks.register(home_hooks.LOAD_DEMO_DATA, order=100)
def load_demo_news(stdout, tree):
    demo.load(stdout, tree.news)
