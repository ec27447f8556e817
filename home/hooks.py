"""Where the apps join the base app: Wagtail hooks, answered from each app's `wagtail_hooks.py`.

`home` imports neither `news` nor `courses`. When the site as a whole needs them (the sections of
the page tree, the news on the home page, the demo content) it asks the hooks named here, the
way Wagtail asks `register_admin_menu_item`:

    from wagtail import hooks

    from home import hooks as home_hooks

    @hooks.register(home_hooks.LOAD_DEMO_DATA, order=100)
    def load_demo_news(stdout, tree): ...

A hook's `order` places its function among the others (lowest first), as in Wagtail's own hooks.
"""

SITE_SECTIONS = "home_site_sections"
"""f(home_pages) -> (name, {"id": index page, "en": index page}): a section of the site under the home
pages ({"id": ..., "en": ...}), created when missing (`home.site_tree.ensure_section`). The `order`
is the sections' order in the tree and so in the menu; `SiteTree.<name>` gives the section back."""

HOME_PAGE_CONTEXT = "home_home_page_context"
"""f(page, request) -> dict: what the home page shows of an app (e.g. the latest news and the news
index), read by its template as `sections.<name>`."""

LOAD_DEMO_DATA = "home_load_demo_data"
"""f(stdout, tree): load an app's demo content into the `home.site_tree.SiteTree`, idempotently.

`load_demo_data` calls them in `order`, each in its own transaction: news 100, courses 200, then
the courses plug-ins (community 300, quiz 400, certificates 500), which build on the course.
"""
