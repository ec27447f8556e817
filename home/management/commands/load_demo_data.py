import datetime
import json
from html import escape
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.demo import certificates as demo_certificates
from home.demo import community as demo_community
from home.demo import courses as demo_courses
from home.demo import quizzes as demo_quizzes
from home.demo.images import demo_image
from home.groups import EDITORS, WRITERS
from home.localize import translate_with_strings
from home.models import Person
from home.site_tree import ensure_site_tree, publish
from news.models import Category, NewsArticlePage

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"

DEMO_USERS = [
    # username, password, group (None = superuser)
    ("admin", "latuharhary-admin", None),
    ("editor", "latuharhary-editor", EDITORS),
    ("penulis", "latuharhary-penulis", WRITERS),
]


class Command(BaseCommand):
    help = (
        "Load the demo site: pages in both languages, the seed article and its translation, demo accounts. Idempotent."
    )

    def handle(self, *args, **options):
        self.id_locale = Locale.objects.get(language_code="id")
        self.en_locale = Locale.objects.get(language_code="en")
        manifest = json.loads((DEMO_DIR / "articles.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            tree = ensure_site_tree(hostname="127.0.0.1", port=8000)
            self.news = tree.news
            self.create_users()
            self.categories = {entry["slug"]: self.category(entry) for entry in manifest["categories"]}
            self.people = {
                entry["name"]: Person.objects.get_or_create(name=entry["name"], defaults={"role": entry["role"]})[0]
                for entry in manifest["people"]
            }
            for entry in manifest["articles"]:
                self.demo_article(entry)
        self.seed_article(manifest["seed"])
        with transaction.atomic():
            course = demo_courses.load(self.stdout, tree.courses)
            demo_community.load(self.stdout, course)
            demo_quizzes.load(self.stdout, course)
            demo_certificates.load(self.stdout, course)
            self.home_intro(tree)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))

    def home_intro(self, tree):
        texts = {
            "id": "Kabar terbaru dari Komnas HAM, dan {link}Pelatihan{end} HAM daring bagi ASN dan aktivis masyarakat sipil.",
            "en": "The latest news from Komnas HAM, and online human rights {link}Training{end} for civil servants and civil-society activists.",
        }
        for code, home in tree.home.items():
            # Fresh from the database: the translations' children were added through other
            # instances, and publishing a stale one would write its old numchild back.
            home.refresh_from_db()
            if home.intro:
                continue
            link = f'<a linktype="page" id="{tree.courses[code].pk}">'
            home.intro = "<p>" + texts[code].format(link=link, end="</a>") + "</p>"
            publish(home)

    def create_users(self):
        User = get_user_model()
        for username, password, group in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@latuharhary.test",
                    "is_staff": group is None,
                    "is_superuser": group is None,
                },
            )
            if created:
                user.set_password(password)
                user.save()
                self.stdout.write(f"created user {username}")
            if group:
                user.groups.add(Group.objects.get(name=group))

    def category(self, entry):
        category, created = Category.objects.get_or_create(
            slug=entry["slug"], locale=self.id_locale, defaults={"name": entry["id"]}
        )
        if category.get_translation_or_none(self.en_locale) is None:
            translate_with_strings(category, self.en_locale, {entry["id"]: entry["en"]})
        return category

    def demo_article(self, entry):
        if NewsArticlePage.objects.filter(import_key=entry["key"], locale=self.id_locale).exists():
            return
        text = entry["id"]
        image = demo_image(text["title"], entry["image"]["colour"], entry["image"]["label"])
        page = NewsArticlePage(
            title=text["title"],
            slug=slugify(text["title"])[:80],
            lead=text["lead"],
            date=datetime.date.fromisoformat(entry["date"]),
            body=[
                ("paragraph", RichText(f"<p>{escape(paragraph, quote=False)}</p>")) for paragraph in text["paragraphs"]
            ],
            category=self.categories[entry["category"]],
            editor=self.people[entry["editor"]],
            image=image,
            image_alt=text["image_alt"],
            import_key=entry["key"],
        )
        self.news["id"].add_child(instance=page)
        page.writers.create(person=self.people[entry["writer"]])
        page.tags.add(*entry["tags"])
        publish(page)
        self.stdout.write(f"created article {page.title}")
        if "en" in entry:
            english = entry["en"]
            strings = dict(zip(text["paragraphs"], english["paragraphs"], strict=True))
            strings.update(
                {
                    text["title"]: english["title"],
                    text["lead"]: english["lead"],
                    text["image_alt"]: english["image_alt"],
                    page.slug: slugify(english["title"])[:80],
                }
            )
            translate_with_strings(page, self.en_locale, strings)

    def seed_article(self, seed):
        """The real article of the column, imported the way an editor would import the archive."""
        page = NewsArticlePage.objects.filter(import_key=seed["legacy_url"], locale=self.id_locale).first()
        if page is None:
            call_command(
                "import_news",
                str(DEMO_DIR / seed["file"]),
                title=seed["title"],
                date=seed["date"],
                slug=seed["slug"],
                legacy_url=seed["legacy_url"],
                stdout=self.stdout,
            )
            page = NewsArticlePage.objects.get(import_key=seed["legacy_url"], locale=self.id_locale)
            page.image = demo_image(seed["title"], seed["image"]["colour"], seed["image"]["label"])
            page.image_alt = seed["image"]["alt_id"]
            page.tags.add(*seed["tags"])
            publish(page)
        if page.get_translation_or_none(self.en_locale) is None:
            english = json.loads((DEMO_DIR / seed["translation"]).read_text(encoding="utf-8"))
            paragraphs = [block.value.source for block in page.body if block.block_type == "paragraph"]
            strings = {
                self.segment_text(source): target
                for source, target in zip(paragraphs, english["paragraphs"], strict=True)
            }
            strings.update(
                {
                    page.title: english["title"],
                    page.slug: english["slug"],
                    page.lead: english["paragraphs"][0],
                    page.image_alt: english["image_alt"],
                }
            )
            translated, missing = translate_with_strings(page, self.en_locale, strings)
            self.stdout.write(f"translated seed article into English ({missing} segment(s) left untranslated)")

    @staticmethod
    def segment_text(html):
        """wagtail-localize keys a plain paragraph's segment by its inner HTML."""
        return html.removeprefix("<p>").removesuffix("</p>").strip()
