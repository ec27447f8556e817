import factory
import wagtail_factories

from django.contrib.auth import get_user_model

from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import CustomImage, HomePage, Person
from news.models import Category, NewsArticlePage, NewsIndexPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("password")


class ImageFactory(wagtail_factories.ImageFactory):
    class Meta:
        model = CustomImage


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    role = "Penulis"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug", "locale")

    name = "Kabar Latuharhary"
    slug = "kabar-latuharhary"
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="id"))


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Beranda"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Berita"
    slug = "berita"


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsArticlePage

    title = factory.Sequence(lambda n: f"Artikel nomor {n}")
    lead = factory.Faker("sentence", locale="id_ID")
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Isi artikel tentang hak asasi manusia.</p>"))])
