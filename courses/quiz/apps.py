from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    """The quiz engine, django-quiz-app's feature set and more, as its own app inside courses/."""

    name = "courses.quiz"
    label = "quiz"
    verbose_name = _("Quizzes")

    def ready(self):
        # The completion rule, the listener that re-checks completion after each result and the
        # row on "My courses" register themselves.
        from django.db.models.signals import post_migrate

        import courses.quiz.integration  # noqa: F401
        from courses.quiz.permissions import ensure_quiz_permissions

        post_migrate.connect(ensure_quiz_permissions, sender=self, dispatch_uid="courses.quiz.ensure_quiz_permissions")
