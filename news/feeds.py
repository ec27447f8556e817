from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

FEED_LENGTH = 20


class NewsFeed(Feed):
    """RSS 2.0 of one news index (one language), optionally narrowed to a category."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page, category=None):
        super().__init__()
        self.index_page = index_page
        self.category = category
        self.language = index_page.locale.language_code

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.category:
            return f"{self.index_page.title}: {self.category.name}"
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.search_description or self.title()

    def items(self):
        articles = self.index_page.get_articles()
        if self.category:
            articles = articles.filter(category=self.category)
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        if item.first_published_at and item.display_date == timezone.localdate(item.first_published_at):
            return item.first_published_at
        date = item.display_date
        return timezone.make_aware(timezone.datetime(date.year, date.month, date.day)) if date else None

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.category.name] if item.category else []
