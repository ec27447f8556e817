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
    return {
        "latest_articles": NewsArticlePage.objects.for_listing(page.locale)[:4],
        "news_index": NewsIndexPage.objects.child_of(page).live().public().first(),
    }


@hooks.register(home_hooks.LOAD_DEMO_DATA, order=100)
def load_demo_news(stdout, tree):
    demo.load(stdout, tree.news)
