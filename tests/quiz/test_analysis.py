"""Item analysis and learning gain on small hand-made datasets whose numbers are worked out by hand."""

from decimal import Decimal

import pytest

from django.utils import timezone

from courses.choices import EnrolmentStatus
from courses.models import Enrolment, ParticipantProfile
from courses.quiz.analysis import item_analysis, learning_gain, staff_attempts
from courses.quiz.choices import AttemptState, GradingMethod
from courses.quiz.models import Attempt, QuizPage
from courses.quiz.sitting import save_answer, start_or_resume, submit
from home.site_tree import publish
from tests.factories import UserFactory, make_course
from tests.quiz.builders import choice_key, make_question, make_quiz


def make_quiz_page(course, quiz, slug):
    page = QuizPage(title=quiz.title, slug=slug, quiz=quiz)
    course.add_child(instance=page)
    return publish(page)


def participant(course, username, participant_type="asn", full_name=None, **profile):
    user = UserFactory(username=username)
    ParticipantProfile.objects.create(
        user=user,
        full_name=full_name or f"Peserta {username}",
        participant_type=participant_type,
        organisation=profile.pop("organisation", "Bagian Hukum Setda Kota Semarang"),
        regency_city="Kota Semarang",
        **profile,
    )
    Enrolment.objects.create(user=user, course_key=course.course_key, status=EnrolmentStatus.APPROVED)
    return user


def take(user, quiz, course, answers):
    """Take and submit `quiz` through the engine; `answers` maps each question to a choice text (None: skip)."""
    attempt = start_or_resume(user, quiz, course_key=course.course_key)
    for question, text in answers.items():
        if text is not None:
            save_answer(attempt, question.translation_key, [choice_key(question, text)])
    return submit(attempt, quiz)


def scored_attempt(user, quiz, course, percent, number=1, state=AttemptState.SUBMITTED, needs_marking=False):
    """An attempt with only its result, for reports that read results and not answers."""
    return Attempt.objects.create(
        user=user,
        quiz_key=quiz.quiz_key,
        course_key=course.course_key,
        number=number,
        state=state,
        percent=Decimal(percent),
        score=Decimal(percent),
        max_score=Decimal(100),
        passed=Decimal(percent) >= quiz.pass_mark,
        needs_marking=needs_marking,
        submitted_at=timezone.now() if state == AttemptState.SUBMITTED else None,
    )


@pytest.fixture
def course(site_tree):
    return make_course(site_tree.courses["id"])


@pytest.fixture
def other_course(site_tree):
    return make_course(site_tree.courses["id"], title="Pelatihan Bisnis dan HAM", slug="pelatihan-bisnis-ham")


# Five single-choice questions, "B" right. Ranked by score, the best three (100, 100, 80) and the
# worst three (20, 20, 0) are the 27% groups of ten participants (round(2.7) = 3).
PATTERNS = [  # per participant, per question: the choice given (None: not answered)
    ("B", "B", "B", "B", "B"),  # 100
    ("B", "B", "B", "B", "B"),  # 100
    ("B", "B", "B", "B", "A"),  # 80
    ("B", "B", "B", "A", "A"),  # 60
    ("B", "B", "A", "B", "A"),  # 60
    ("B", "A", "B", "A", "B"),  # 60
    ("B", "B", "A", "A", "A"),  # 40
    ("B", "A", "A", "A", None),  # 20
    ("B", "A", "A", "A", "A"),  # 20
    ("C", "A", "A", "A", "A"),  # 0
]


@pytest.fixture
def analysed_quiz(course, other_course):
    questions = [make_question(f"Soal {n}", correct=1, options=("A", "B", "C")) for n in range(1, 6)]
    quiz = make_quiz(questions, max_attempts=2)
    make_quiz_page(course, quiz, "kuis")
    users = [participant(course, f"p{n}") for n in range(1, 11)]
    for user, pattern in zip(users, PATTERNS, strict=True):
        take(user, quiz, course, dict(zip(questions, pattern, strict=True)))
    # Only first attempts count: the weakest participant's perfect second try changes nothing.
    take(users[-1], quiz, course, dict.fromkeys(questions, "B"))
    # Nor does someone who took the quiz in another course.
    outsider = participant(other_course, "luar")
    take(outsider, quiz, other_course, dict.fromkeys(questions, "C"))
    return quiz, questions


def test_item_analysis_facility_discrimination_and_choices(course, analysed_quiz):
    quiz, questions = analysed_quiz
    report = item_analysis(course, quiz)
    assert report.attempts == 10 and report.group_size == 3
    assert report.mean_percent == Decimal("54.0")  # (100+100+80+60+60+60+40+20+20+0) / 10
    items = {item.question.pk: item for item in report.items}
    assert [item.question for item in report.items] == questions

    expected = {  # question: (correct, facility, discrimination = share upper - share lower)
        0: (9, "0.90", "0.33"),  # upper 3/3, lower 2/3
        1: (6, "0.60", "1.00"),  # upper 3/3, lower 0/3
        2: (5, "0.50", "1.00"),
        3: (4, "0.40", "1.00"),
        4: (3, "0.30", "0.67"),  # upper 2/3, lower 0/3
    }
    for index, (correct, facility, discrimination) in expected.items():
        item = items[questions[index].pk]
        assert item.given == 10 and item.correct == correct
        assert item.facility == Decimal(facility), index
        assert item.discrimination == Decimal(discrimination), index

    breakdown = {row.choice.text if row.choice else None: row.count for row in items[questions[4].pk].choices}
    assert breakdown == {"A": 6, "B": 3, "C": 0, None: 1}
    assert items[questions[4].pk].answered == 9
    first = {row.choice.text if row.choice else None: row.count for row in items[questions[0].pk].choices}
    assert first == {"A": 0, "B": 9, "C": 1, None: 0}
    assert items[questions[0].pk].choices[1].share == Decimal("0.90")


def test_item_analysis_without_attempts(course):
    quiz = make_quiz([make_question("Satu-satunya soal")])
    report = item_analysis(course, quiz)
    assert report.attempts == 0 and report.mean_percent is None
    assert report.items[0].facility is None and report.items[0].discrimination is None


def test_staff_see_every_attempt_of_an_exam_paper_and_only_the_latest_otherwise(course):
    user = participant(course, "ulang")
    quiz = make_quiz([make_question("Soal")], max_attempts=0, exam_paper=True)
    for number in (1, 2, 3):
        scored_attempt(user, quiz, course, 50 + number, number=number)
    assert staff_attempts(course, [quiz]).count() == 3
    quiz.exam_paper = False
    quiz.save()
    assert [attempt.number for attempt in staff_attempts(course, [quiz])] == [3]


@pytest.fixture
def pre_post(course):
    pre = make_quiz(
        [make_question("Pra")], title="Pre-test", slug="pre", kind="pre_test", grading_method=GradingMethod.LAST
    )
    post = make_quiz([make_question("Pasca")], title="Post-test", slug="post", kind="post_test", max_attempts=2)
    make_quiz_page(course, pre, "pre-test")
    make_quiz_page(course, post, "post-test")
    return pre, post


def test_learning_gain_per_participant_type(course, pre_post):
    pre, post = pre_post
    scores = {  # username: (type, pre attempts, post attempts)
        "a1": ("asn", [40], [50, 70]),  # post graded by the highest: 70; own gain 30/60 = 0.5
        "a2": ("asn", [80, 60], [80]),  # pre graded by the last: 60; own gain 20/40 = 0.5
        "a3": ("asn", [100], [100]),  # no room to gain: no gain of their own, but in the means
        "a4": ("asn", [50], []),  # pre-test only: not compared
        "b1": ("activist", [20], [100]),  # own gain 80/80 = 1.0
        "b2": ("activist", [50], [40]),  # own gain -10/50 = -0.2
    }
    for username, (participant_type, pre_scores, post_scores) in scores.items():
        user = participant(course, username, participant_type)
        for number, percent in enumerate(pre_scores, start=1):
            scored_attempt(user, pre, course, percent, number=number)
        for number, percent in enumerate(post_scores, start=1):
            scored_attempt(user, post, course, percent, number=number)
    in_progress = participant(course, "c1", "other")
    scored_attempt(in_progress, pre, course, 0, state=AttemptState.IN_PROGRESS)

    report = learning_gain(course)
    assert report.pre_test.quiz == pre and report.post_test.quiz == post
    groups = {group.key: group for group in report.groups}
    assert list(groups) == ["all", "asn", "activist"]  # types without scores are left out

    asn = groups["asn"]
    assert (len(asn.pre), len(asn.post), asn.n, asn.pre_only, asn.post_only, asn.perfect_pre) == (4, 3, 3, 1, 0, 1)
    assert asn.mean_pre == Decimal("66.7")  # (40 + 60 + 100) / 3: the participants with both scores
    assert asn.mean_post == Decimal("83.3")  # (70 + 80 + 100) / 3
    assert asn.class_gain == Decimal("0.50")  # (83.33 - 66.67) / (100 - 66.67)

    activists = groups["activist"]
    assert (activists.n, activists.mean_pre, activists.mean_post, activists.class_gain) == (
        2,
        Decimal("35.0"),
        Decimal("70.0"),
        Decimal("0.54"),  # 35 / 65
    )

    everyone = groups["all"]
    assert (len(everyone.pre), len(everyone.post), everyone.n) == (6, 5, 5)
    assert everyone.mean_pre == Decimal("54.0") and everyone.mean_post == Decimal("78.0")  # 270 / 5, 390 / 5
    assert everyone.class_gain == Decimal("0.52")  # 24 / 46
    assert everyone.pre_bands == [0, 0, 1, 0, 1, 1, 1, 0, 0, 1]  # 20, 40, 50, 60, 100 (a4 has no post-test)
    assert everyone.post_bands == [0, 0, 0, 0, 1, 0, 0, 1, 1, 2]  # 40, 70, 80, 100, 100

    rows = {row.name: (row.pre, row.post, row.gain, row.no_room_to_gain) for row in report.participants}
    assert rows == {
        "Peserta a1": (Decimal(40), Decimal(70), Decimal("0.50"), False),
        "Peserta a2": (Decimal(60), Decimal(80), Decimal("0.50"), False),
        "Peserta a3": (Decimal(100), Decimal(100), None, True),
        "Peserta a4": (Decimal(50), None, None, False),
        "Peserta b1": (Decimal(20), Decimal(100), Decimal("1.00"), False),
        "Peserta b2": (Decimal(50), Decimal(40), Decimal("-0.20"), False),
    }


def test_class_gain_of_a_hand_made_cohort_is_not_the_mean_of_individual_gains(course, pre_post):
    """The issue's activists: their mean rose from 66.7 to 70.0, so their gain is positive, although
    one of them (90 → 70, own gain −2.0) pulls the mean of individual gains down to −0.52."""
    pre, post = pre_post
    for username, (before, after) in {"x1": (60, 70), "x2": (90, 70), "x3": (50, 70)}.items():
        user = participant(course, username, "activist")
        scored_attempt(user, pre, course, before)
        scored_attempt(user, post, course, after)
    activists = {group.key: group for group in learning_gain(course).groups}["activist"]
    assert (activists.n, activists.mean_pre, activists.mean_post) == (3, Decimal("66.7"), Decimal("70.0"))
    assert activists.class_gain == Decimal("0.10")  # (70 - 66.67) / (100 - 66.67) = 3.33 / 33.33
    own = sorted(row.gain for row in learning_gain(course).participants)
    assert own == [Decimal("-2.00"), Decimal("0.25"), Decimal("0.40")]  # their mean would be -0.45, not a gain


def test_learning_gain_without_a_post_test(course):
    pre = make_quiz([make_question("Pra")], slug="pre", kind="pre_test")
    make_quiz_page(course, pre, "pre-test")
    scored_attempt(participant(course, "a1"), pre, course, 40)
    report = learning_gain(course)
    assert report.post_test is None
    everyone = report.groups[0]
    assert (everyone.n, everyone.pre_only, everyone.mean_pre, everyone.class_gain) == (0, 1, None, None)
    assert [(row.pre, row.post, row.gain) for row in report.participants] == [(Decimal(40), None, None)]


def test_staff_trial_attempts_count_nowhere(course, analysed_quiz, pre_post):
    """Course staff trying a quiz out through its page leave no trace in results, analysis, gain or exports."""
    from django.test import Client

    from courses.quiz.exports import attempt_table

    quiz, questions = analysed_quiz
    pre, post = pre_post
    before = item_analysis(course, quiz)
    participant(course, "g1", "asn")
    member = participant(course, "g2", "asn")
    scored_attempt(member, pre, course, 50)
    scored_attempt(member, post, course, 100)
    gain_before = learning_gain(course)
    header, rows_before = attempt_table(course, quiz)

    staff = UserFactory(username="pelatih", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    page = QuizPage.objects.get(slug="kuis")
    response = client.post(page.url + page.reverse_subpage("start"))
    trial = Attempt.objects.get(user=staff, quiz_key=quiz.quiz_key)
    assert response.status_code == 302 and trial.trial and trial.course_key == course.course_key
    for question in questions:
        save_answer(trial, question.translation_key, [choice_key(question, "C")])
    submit(trial, quiz)
    for other, percent in ((pre, 100), (post, 0)):
        Attempt.objects.filter(pk=scored_attempt(staff, other, course, percent).pk).update(trial=True)

    after = item_analysis(course, quiz)
    assert after.attempts == before.attempts == 10 and after.mean_percent == before.mean_percent
    assert [(item.given, item.correct) for item in after.items] == [(item.given, item.correct) for item in before.items]
    assert trial not in staff_attempts(course, [quiz])
    assert attempt_table(course, quiz)[1] == rows_before
    gain = learning_gain(course)
    assert [(group.key, group.pre, group.post) for group in gain.groups] == [
        (group.key, group.pre, group.post) for group in gain_before.groups
    ]
    participant_attempt = start_or_resume(member, quiz, course_key=course.course_key)
    assert not participant_attempt.trial


def test_the_migration_marks_past_attempts_of_people_not_enrolled_as_trials(course, pre_post):
    import importlib

    from django.apps import apps

    pre, _post = pre_post
    member = scored_attempt(participant(course, "m1"), pre, course, 50)
    staff = scored_attempt(UserFactory(username="pelatih"), pre, course, 100)
    without_course = Attempt.objects.create(user=staff.user, quiz_key=pre.quiz_key, number=2)
    importlib.import_module("courses.quiz.migrations.0002_attempt_trial").mark_staff_trials(apps, None)
    trials = dict(Attempt.objects.values_list("pk", "trial"))
    assert trials == {member.pk: False, staff.pk: True, without_course.pk: False}
