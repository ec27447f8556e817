from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail import hooks

from home import hooks as home_hooks
from home.demo.accounts import speaks_indonesian
from home.groups import EDITORS, WRITERS
from home.models import SiteSettings
from home.site_tree import ensure_site_tree, publish

DEMO_USERS = [
    # username, password, group (None = superuser), first and last name (invented)
    ("admin", "latuharhary-admin", None, "Rahmat", "Hidayat"),
    ("editor", "latuharhary-editor", EDITORS, "Sri", "Wahyuni"),
    ("penulis", "latuharhary-penulis", WRITERS, "Dimas", "Pratama"),
]

HOME_INTRO = {
    "id": "Kabar terbaru dari Komnas HAM, dan {link}Pelatihan{end} HAM daring bagi ASN dan aktivis masyarakat sipil.",
    "en": "The latest news from Komnas HAM, and online human rights {link}Training{end} for civil servants and civil-society activists.",
}


# The demo institution's identity (site settings); filled in only where staff left a field empty.
DEMO_IDENTITY = {
    "tagline": "Berita dan pelatihan hak asasi manusia",
    "address": "Jl. Latuharhary No. 4B, Menteng\nJakarta Pusat 10310",
    "phone": "+62 21 392 5230",
    "email": "info@latuharhary.test",
    "twitter_handle": "komnasham",
    "facebook_url": "https://www.facebook.com/KomnasHAM",
    "instagram_url": "https://www.instagram.com/komnas.ham/",
    "youtube_url": "https://www.youtube.com/@komnasham",
    "ppid_url": "https://ppid.komnasham.go.id/",
}


class Command(BaseCommand):
    help = "Load the demo site: pages in both languages, each app's demo content, demo accounts. Idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            tree = ensure_site_tree()
            self.create_users()
        # Each app's demo content lives beside it (news/demo/, courses/demo/, the plug-ins' demo.py)
        # and is registered in its wagtail_hooks.py; `order` puts the course before its plug-ins.
        for load in hooks.get_hooks(home_hooks.LOAD_DEMO_DATA):
            with transaction.atomic():
                load(self.stdout, tree)
        with transaction.atomic():
            self.home_intro(tree)
            self.identity(tree)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))

    def home_intro(self, tree):
        for code, home in tree.home.items():
            # Fresh from the database: the translations' children were added through other
            # instances, and publishing a stale one would write its old numchild back.
            home.refresh_from_db()
            if home.intro:
                continue
            link = f'<a linktype="page" id="{tree.courses[code].pk}">'
            home.intro = "<p>" + HOME_INTRO[code].format(link=link, end="</a>") + "</p>"
            publish(home)

    def identity(self, tree):
        identity = SiteSettings.for_site(tree.site)
        for field, value in DEMO_IDENTITY.items():
            if not getattr(identity, field):
                setattr(identity, field, value)
        identity.save()

    def create_users(self):
        User = get_user_model()
        for username, password, group, first_name, last_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@latuharhary.test",
                    "is_staff": group is None,
                    "is_superuser": group is None,
                    "first_name": first_name,
                    "last_name": last_name,
                },
            )
            speaks_indonesian(user)
            if created:
                user.set_password(password)
                user.save()
                self.stdout.write(f"created user {username}")
            if group:
                user.groups.add(Group.objects.get(name=group))
