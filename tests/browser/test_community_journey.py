"""A participant in the learning community, in a real browser: starts a forum thread, replies, drafts and
submits an action plan, and reads the mentor's comment. axe-core checks the forum and plan pages, and
the plan page is checked at phone width."""

import re

import pytest
from playwright.sync_api import expect

from courses.access import course_access
from courses.choices import EnrolmentStatus
from courses.community import action_plans
from courses.community.choices import ActionPlanStatus
from courses.community.models import ActionPlan, ForumPost
from courses.models import CourseFacilitator, Enrolment
from home.site_tree import ensure_site_tree
from tests.browser.test_reader_journey import PHONE, assert_accessible
from tests.factories import UserFactory, make_course, make_participant

MENTOR_COMMENT = "Tambahkan indikator yang terukur untuk setiap kegiatan."


def log_in(page, live_server, user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(f"{live_server.url}/id/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "password")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_participant_discusses_submits_a_plan_and_reads_the_mentors_comment(browser_page, live_server, mailoutbox):
    tree = ensure_site_tree(hostname="localhost")
    course = make_course(tree.courses["id"], sessions=[{}, {}])
    facilitator = UserFactory(username="fasilitator")
    CourseFacilitator.objects.create(page=course, user=facilitator)
    participant = make_participant(username="dewi", organisation="Bappeda Kota Semarang")
    Enrolment.objects.create(user=participant, course_key=course.course_key, status=EnrolmentStatus.APPROVED)
    page = browser_page
    log_in(page, live_server, participant)

    page.goto(f"{live_server.url}{course.url}")
    page.locator(".course-community a[href$='/forum/']").click()
    expect(page).to_have_url(re.compile(r"/learning/[0-9a-f-]+/forum/$"))
    assert_accessible(page)

    page.locator("main a[href$='/forum/new/']").click()
    assert_accessible(page)
    page.fill("input[name=title]", "Peta jalan Semarang Kota HAM")
    page.fill("textarea[name=body]", "Dari mana kita mulai menyusun peta jalan?\n\n- pemetaan masalah\n- modalitas")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Peta jalan Semarang Kota HAM")
    expect(page.locator(".post-body ul li")).to_have_count(2)
    page.fill("textarea[name=body]", "Saya usul mulai dari data pengaduan warga.")
    page.locator("form[action$='/reply/'] button[type=submit]").click()
    expect(page.locator(".posts")).to_contain_text("Saya usul mulai dari data pengaduan warga.")
    assert ForumPost.objects.count() == 2
    assert_accessible(page)

    page.locator(".community-nav a[href$='/action-plan/']").click()
    assert_accessible(page)
    page.fill("input[name=title]", "Rencana Aksi Bappeda")
    page.fill("textarea[name=problem]", "Belum ada peta jalan kota HAM.")
    page.fill("textarea[name=objectives]", "Peta jalan disahkan dengan Peraturan Wali Kota.")
    page.fill("input[name='activity-0-activity']", "Lokakarya penyusunan peta jalan")
    page.fill("input[name='activity-0-start']", "2021-10-04")
    page.fill("input[name='activity-0-end']", "2021-10-29")
    page.fill("input[name=responsible_unit]", "Bappeda Kota Semarang")
    page.locator("button[name=submit]").click()
    page.wait_for_load_state()
    plan = ActionPlan.objects.get()
    assert plan.status == ActionPlanStatus.SUBMITTED and plan.versions.count() == 1
    assert [message.to for message in mailoutbox] == [[facilitator.email]]

    # The mentor's side, through the same rules the mentor's page uses.
    action_plans.request_revision(plan, course_access(facilitator, course), MENTOR_COMMENT)

    page.reload()
    expect(page.locator(".plan-status")).to_contain_text(MENTOR_COMMENT)
    expect(page.locator("input[name=title]")).to_have_value("Rencana Aksi Bappeda")  # editable again
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the plan page scrolls sideways"
    assert_accessible(page)

    page.locator(".plan-status a[href*='/action-plans/']").first.click()
    expect(page.locator("#comments")).to_contain_text(MENTOR_COMMENT)
    assert_accessible(page)
