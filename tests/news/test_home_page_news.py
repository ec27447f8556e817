"""The home page shows the latest news of its language (news answers home's HOME_PAGE_CONTEXT hook)."""

import datetime

from home.site_tree import publish
from tests.factories import NewsArticlePageFactory


def test_home_page_lists_the_four_newest_articles_of_its_language(client, site_tree, locales):
    titles = []
    for day in range(1, 6):
        article = NewsArticlePageFactory.build(title=f"Kabar hari ke-{day}", date=datetime.date(2021, 9, day))
        site_tree.news["id"].add_child(instance=article)
        publish(article)
        titles.append(article.title)
    english = article.copy_for_translation(locales["en"])
    english.title = "News of day five"
    publish(english)

    html = client.get("/id/").content.decode()
    assert [title in html for title in titles] == [False, True, True, True, True]
    assert html.index(titles[4]) < html.index(titles[1])  # newest first
    assert english.title not in html
    assert f'href="{site_tree.news["id"].url}"' in html  # "All news"

    html = client.get("/en/").content.decode()
    assert english.title in html and titles[4] not in html
    assert f'href="{site_tree.news["en"].url}"' in html
