from django.dispatch import receiver

from wagtail.signals import page_published

from news.models import NewsArticlePage, ShortLink


@receiver(page_published, sender=NewsArticlePage)
def give_article_a_short_link(sender, instance, **kwargs):
    ShortLink.for_page(instance)
