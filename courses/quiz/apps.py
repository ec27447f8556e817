from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    """The quiz engine, django-quiz-app's feature set and more, as its own app inside courses/."""

    name = "courses.quiz"
    label = "quiz"
    verbose_name = _("Quizzes")
