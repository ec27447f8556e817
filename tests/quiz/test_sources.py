"""Which version of a translated quiz or question grading, marking and the results use (`courses.quiz.sources`)."""

from django.db.models import OuterRef, Subquery

from courses.quiz.models import Attempt, Question, Quiz
from courses.quiz.sources import source_first, source_version, source_versions
from tests.factories import UserFactory


def question(locale, text, translation_key=None):
    row = Question(text=text, kind="essay", locale=locale)
    if translation_key is not None:
        row.translation_key = translation_key
    row.save()
    return row


def test_the_source_language_version_wins_even_when_a_translation_came_first(locales):
    english = question(locales["en"], "Who is the main duty bearer?")
    indonesian = question(locales["id"], "Siapa pemangku kewajiban utama?", english.translation_key)
    assert english.pk < indonesian.pk
    assert source_version(Question, english.translation_key) == indonesian
    assert source_versions(Question, [english.translation_key]) == {english.translation_key: indonesian}


def test_a_snippet_never_written_in_the_source_language_falls_back_to_its_first_version(locales):
    first = question(locales["en"], "Written in English only")
    assert source_version(Question, first.translation_key) == first
    assert source_version(Question, Question().translation_key) is None  # an unknown key


def test_the_same_choice_is_made_inside_a_subquery(locales):
    english = Quiz.objects.create(title="Pre-test", slug="pre-test", locale=locales["en"], pass_mark=50)
    Quiz.objects.create(
        title="Pre-test",
        slug="pre-test-id",
        locale=locales["id"],
        pass_mark=50,
        translation_key=english.translation_key,
    )
    attempt = Attempt.objects.create(user=UserFactory(), quiz_key=english.translation_key, number=1)
    source = source_first(Quiz.objects.filter(translation_key=OuterRef("quiz_key")))
    annotated = Attempt.objects.annotate(quiz_slug=Subquery(source.values("slug")[:1])).get(pk=attempt.pk)
    assert annotated.quiz_slug == "pre-test-id"
