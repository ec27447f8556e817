"""The community's contributions to the courses core (`courses.hooks`); the rest of it lives on the site."""

from wagtail import hooks

from courses import hooks as course_hooks
from courses.community import demo, integration
from courses.community.action_plans import hand_over_action_plans
from courses.demo import semarang_course
from home import hooks as home_hooks

hooks.register(course_hooks.COMPLETION_REQUIREMENTS, integration.action_plan_approved)
hooks.register(course_hooks.DASHBOARD_ROWS, integration.community_rows)
hooks.register(course_hooks.COURSE_PAGE_LINKS, integration.course_links)
hooks.register(course_hooks.REPORT_SECTIONS, integration.action_plan_report)
hooks.register(course_hooks.PERSONAL_DATA, integration.community_personal_data)
hooks.register(course_hooks.BEFORE_ERASE_PARTICIPANT, hand_over_action_plans)
hooks.register(course_hooks.STAFF_TASKS, integration.plans_to_review)
hooks.register(course_hooks.GRADEBOOK_COLUMNS, integration.gradebook_plan_status, order=20)


@hooks.register(home_hooks.LOAD_DEMO_DATA, order=300)
def load_demo_community(stdout, tree):
    demo.load(stdout, semarang_course())
