from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    """The quiz engine, django-quiz-app's feature set and more, as its own app inside courses/."""

    name = "courses.quiz"
    label = "quiz"
    verbose_name = _("Quizzes")

    def ready(self):
        # The quiz's contributions to courses (completion rule, sequence, "My courses") are hooks
        # in `courses.quiz.wagtail_hooks`.
        from django.db.models.signals import post_migrate

        from courses.quiz.permissions import ensure_quiz_permissions

        post_migrate.connect(ensure_quiz_permissions, sender=self, dispatch_uid="courses.quiz.ensure_quiz_permissions")
