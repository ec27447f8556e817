"""Course delivery, by concern. Quizzes, forum, action plans and certificates join as their own modules."""

from courses.models.action_plans import ActionPlan, ActionPlanComment, ActionPlanVersion
from courses.models.attendance import Attendance
from courses.models.enrolment import Enrolment, Invitation
from courses.models.forum import ForumPost, ForumSubscription, ForumThread, ThreadReadState
from courses.models.pages import (
    CourseFacilitator,
    CourseIndexPage,
    CourseOrganiser,
    CoursePage,
    CourseSession,
    LessonPage,
)
from courses.models.participants import ParticipantProfile
from courses.models.progress import CourseCompletion, LessonCompletion

__all__ = [
    "ActionPlan",
    "ActionPlanComment",
    "ActionPlanVersion",
    "Attendance",
    "CourseCompletion",
    "CourseFacilitator",
    "CourseIndexPage",
    "CourseOrganiser",
    "CoursePage",
    "CourseSession",
    "Enrolment",
    "ForumPost",
    "ForumSubscription",
    "ForumThread",
    "Invitation",
    "LessonCompletion",
    "LessonPage",
    "ParticipantProfile",
    "ThreadReadState",
]
