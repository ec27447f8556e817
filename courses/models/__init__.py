"""Course delivery, by concern. Quizzes, certificates and the community are plug-ins with their own models."""

from courses.models.attendance import Attendance
from courses.models.enrolment import Enrolment, Invitation
from courses.models.pages import (
    CourseFacilitator,
    CourseIndexPage,
    CourseOrganiser,
    CoursePage,
    CourseSession,
    LessonPage,
    children_of_any,
)
from courses.models.participants import ParticipantProfile
from courses.models.progress import CourseCompletion, LessonCompletion

__all__ = [
    "Attendance",
    "CourseCompletion",
    "CourseFacilitator",
    "CourseIndexPage",
    "CourseOrganiser",
    "CoursePage",
    "CourseSession",
    "Enrolment",
    "Invitation",
    "LessonCompletion",
    "LessonPage",
    "ParticipantProfile",
    "children_of_any",
]
