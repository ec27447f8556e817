"""The learning community under the language prefix: /<lang>/learning/<course_key>/…"""

from django.urls import path

from courses.community.views import action_plans, forum
from home import converters  # noqa: F401 (registers the "id" path converter)

course = "learning/<uuid:course_key>"

urlpatterns = [
    path(f"{course}/forum/", forum.forum_index, name="community_forum"),
    path(f"{course}/forum/new/", forum.thread_new, name="community_thread_new"),
    path(f"{course}/forum/<id:thread_id>/", forum.thread_detail, name="community_thread"),
    path(f"{course}/forum/<id:thread_id>/reply/", forum.thread_reply, name="community_thread_reply"),
    path(f"{course}/forum/<id:thread_id>/follow/", forum.thread_follow, name="community_thread_follow"),
    path(f"{course}/forum/<id:thread_id>/moderate/", forum.thread_moderate, name="community_thread_moderate"),
    path(f"{course}/forum/posts/<id:post_id>/edit/", forum.post_edit, name="community_post_edit"),
    path(f"{course}/forum/posts/<id:post_id>/moderate/", forum.post_moderate, name="community_post_moderate"),
    path(f"{course}/action-plan/", action_plans.my_plan, name="community_my_plan"),
    path(f"{course}/action-plan/team/", action_plans.plan_team, name="community_plan_team"),
    path(f"{course}/action-plans/", action_plans.mentor_plans, name="community_mentor_plans"),
    path(f"{course}/action-plans/<id:plan_id>/", action_plans.plan_detail, name="community_plan"),
    path(f"{course}/action-plans/<id:plan_id>/comment/", action_plans.plan_comment, name="community_plan_comment"),
    path(f"{course}/action-plans/<id:plan_id>/decide/", action_plans.plan_decide, name="community_plan_decide"),
    path(f"{course}/action-plans/<id:plan_id>/compare/", action_plans.plan_compare, name="community_plan_compare"),
    path(f"{course}/action-plans/<id:plan_id>/pdf/", action_plans.plan_pdf, name="community_plan_pdf"),
]
