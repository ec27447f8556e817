"""Quiz times are in the course's zone and say which (WIB, WITA, WIT)."""

import datetime

from courses.choices import CourseTimezone
from tests.factories import make_course
from tests.quiz.builders import make_question, make_quiz
from tests.quiz.test_taking import client_for, enrolled, make_quiz_page, url

CLOSES = datetime.datetime(2030, 1, 7, 2, 0, tzinfo=datetime.UTC)  # 11:00 WIT, 09:00 WIB


def test_the_quiz_page_gives_its_closing_time_in_the_course_zone(site_tree):
    course = make_course(site_tree.courses["id"], slug="jayapura", timezone=CourseTimezone.WIT)
    quiz = make_quiz([make_question("Soal?")], close_at=CLOSES)
    page = make_quiz_page(course, quiz)
    html = client_for(enrolled(course)).get(url(page)).content.decode()
    assert "7 Januari 2030 11:00 WIT<" in html and " 09:00" not in html
