from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from news.importing import ImportInputError, NewsImporter, parse_date, read_articles
from news.models import NewsIndexPage


class Command(BaseCommand):
    help = (
        "Import news articles from the old site: plain-text exports (one article per file) or JSON Lines "
        "(.jsonl, one article per line). Re-running updates the articles instead of duplicating them."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Text (.txt) or JSON Lines (.jsonl) files.")
        parser.add_argument("--title", default="", help="Title of the article in a single text file.")
        parser.add_argument("--date", default="", help="Publication date of a single text file, YYYY-MM-DD.")
        parser.add_argument("--slug", default="", help="Address slug for a single text file; default: from the title.")
        parser.add_argument(
            "--legacy-url", default="", help="The article's address on the old site; it will redirect to the page."
        )
        parser.add_argument(
            "--language",
            help="Language of text files and of JSON lines without one (default: the --parent's, else "
            f"{settings.LANGUAGE_CODE}).",
        )
        parser.add_argument(
            "--parent", type=int, help="Page id of the news index to import into; default: the first of the language."
        )
        state = parser.add_mutually_exclusive_group()
        state.add_argument(
            "--publish",
            dest="publish",
            action="store_const",
            const=True,
            default=None,
            help="Publish every complete article, drafts included. Default: publish new complete articles and "
            "leave existing ones as they are (a draft stays a draft).",
        )
        state.add_argument(
            "--draft", dest="publish", action="store_const", const=False, help="Only save drafts; publish nothing."
        )

    def handle(self, *args, paths, **options):
        parent = self.parent(options["parent"])
        language = self.language(options["language"], parent)
        single_article = {name: options[name] for name in ("title", "date", "slug", "legacy_url") if options[name]}
        if single_article and (len(paths) > 1 or Path(paths[0]).suffix.lower() == ".jsonl"):
            names = ", ".join("--" + name.replace("_", "-") for name in single_article)
            raise CommandError(f"{names} describe one article: give exactly one text file.")
        if "date" in single_article:
            try:
                single_article["date"] = parse_date(single_article["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error

        importer = NewsImporter(parent=parent, publish=options["publish"])
        try:
            articles = [
                article for path in paths for article in read_articles(path, language=language, **single_article)
            ]
            importer.check(articles)
        except ImportInputError as error:
            raise CommandError(f"Nothing imported.\n{error}") from error

        counts = {"created": 0, "updated": 0, "skipped": 0}
        for outcome in importer.import_articles(articles):
            counts[outcome.status] += 1
            self.report(outcome)
        self.stdout.write(f"{counts['created']} created, {counts['updated']} updated, {counts['skipped']} skipped")

    def parent(self, page_id):
        if page_id is None:
            return None
        parent = NewsIndexPage.objects.filter(pk=page_id).select_related("locale").first()
        if parent is None:
            raise CommandError(f"--parent {page_id}: no news index page with that id.")
        return parent

    def language(self, language, parent):
        if parent is not None and language and language != parent.locale.language_code:
            raise CommandError(
                f"--language {language} does not match --parent {parent.pk}, which is in {parent.locale.language_code}."
            )
        return language or (parent.locale.language_code if parent else settings.LANGUAGE_CODE)

    def report(self, outcome):
        article = outcome.article
        for warning in article.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {article.origin}: {warning}"))
        if outcome.status == "skipped":
            self.stdout.write(f"skipped: {article.origin}: {outcome.reason}")
            return
        page = outcome.page
        state = "published" if outcome.published else "draft"
        self.stdout.write(f"{outcome.status}: {article.origin}: {page.title} [page {page.pk}, {state}]")
        if outcome.missing:
            self.stdout.write(f"draft: {article.origin}: no {'/'.join(outcome.missing)}; an editor must complete it")
