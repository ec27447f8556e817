"""The learning community's records: the forum and action plans with their mentoring.

They kept their tables when they moved here from the courses core (`db_table`), so no data moved.
"""

from courses.community.models.action_plans import ActionPlan, ActionPlanComment, ActionPlanVersion
from courses.community.models.forum import ForumPost, ForumSubscription, ForumThread, ThreadReadState

__all__ = [
    "ActionPlan",
    "ActionPlanComment",
    "ActionPlanVersion",
    "ForumPost",
    "ForumSubscription",
    "ForumThread",
    "ThreadReadState",
]
