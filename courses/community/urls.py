"""The learning community under the language prefix: /<lang>/learning/<course_key>/…"""

from django.urls import path

from courses.community import views

course = "learning/<uuid:course_key>"

urlpatterns = [
    path(f"{course}/forum/", views.forum_index, name="community_forum"),
    path(f"{course}/forum/new/", views.thread_new, name="community_thread_new"),
    path(f"{course}/forum/<int:thread_id>/", views.thread_detail, name="community_thread"),
    path(f"{course}/forum/<int:thread_id>/reply/", views.thread_reply, name="community_thread_reply"),
    path(f"{course}/forum/<int:thread_id>/follow/", views.thread_follow, name="community_thread_follow"),
    path(f"{course}/forum/<int:thread_id>/moderate/", views.thread_moderate, name="community_thread_moderate"),
    path(f"{course}/forum/posts/<int:post_id>/edit/", views.post_edit, name="community_post_edit"),
    path(f"{course}/forum/posts/<int:post_id>/moderate/", views.post_moderate, name="community_post_moderate"),
    path(f"{course}/action-plan/", views.my_plan, name="community_my_plan"),
    path(f"{course}/action-plan/team/", views.plan_team, name="community_plan_team"),
    path(f"{course}/action-plans/", views.mentor_plans, name="community_mentor_plans"),
    path(f"{course}/action-plans/<int:plan_id>/", views.plan_detail, name="community_plan"),
    path(f"{course}/action-plans/<int:plan_id>/comment/", views.plan_comment, name="community_plan_comment"),
    path(f"{course}/action-plans/<int:plan_id>/decide/", views.plan_decide, name="community_plan_decide"),
    path(f"{course}/action-plans/<int:plan_id>/compare/", views.plan_compare, name="community_plan_compare"),
    path(f"{course}/action-plans/<int:plan_id>/pdf/", views.plan_pdf, name="community_plan_pdf"),
]
