"""Import news articles from the old site's exports: plain-text pages and JSON Lines files.

Reading is split from writing so that a bad file is rejected before anything from it reaches the
database: `read_articles` turns a file into `ArticleData` (or raises `ImportInputError` naming the
file and line), `NewsImporter.check` makes sure every article has somewhere to go, and only then
does `NewsImporter.import_articles` write, one article per transaction.

`reading` reads and checks files, `html` turns body HTML into StreamField blocks, `text` holds the
date, lead and whitespace helpers both share, and `writing` puts the articles into the page tree.
"""

from news.importing.html import html_to_blocks
from news.importing.reading import ArticleData, ImportInputError, read_articles
from news.importing.text import lead_from, parse_date
from news.importing.writing import ImportOutcome, NewsImporter

__all__ = [
    "ArticleData",
    "ImportInputError",
    "ImportOutcome",
    "NewsImporter",
    "html_to_blocks",
    "lead_from",
    "parse_date",
    "read_articles",
]
