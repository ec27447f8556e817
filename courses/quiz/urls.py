from django.urls import path

from courses.quiz import views
from home import converters  # noqa: F401 (registers the "id" path converter)

# Autosave is the one request a participant repeats many times a minute, so it skips Wagtail's
# page routing: the attempt id is all it needs, and it is checked against the requester.
urlpatterns = [
    path("quiz/attempts/<id:attempt_id>/answers/", views.autosave, name="quiz_save_answer"),
]
