"""What staff learn from a course's quiz attempts: which attempts they see, item analysis, learning gain.

Plain functions of a course page and its quiz pages, with no request in sight. Each runs a fixed
number of queries (aggregates where it can), whatever the number of participants.

Which attempts belong to a course: attempts are keyed to the quiz, not to the page, so an attempt
counts for a course when it was started there (`course_key`) or, when it records no course, when
its participant is enrolled in the course. Staff trial attempts (`Attempt.trial`: course staff
trying a quiz out) never count.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from courses.choices import ParticipantType
from courses.models import Enrolment
from courses.quiz.choices import AttemptState, QuizKind
from courses.quiz.grading import final_percent
from courses.quiz.models import Answer, Attempt, Choice, QuizPage
from courses.quiz.sitting import source_questions

# Kelley's groups: the best and the worst 27% of attempts separate items best for a normal spread.
DISCRIMINATION_GROUP_SHARE = Decimal("0.27")
ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")
NOT_STATED = _("Not stated")


def quiz_placements(course):
    """The quiz pages of `course`, in the course's order, with their quizzes.

    Give the course's source-language page (`CoursePage.source_for`): its quiz pages are in its language.
    """
    return list(QuizPage.objects.child_of(course).select_related("quiz").order_by("path"))


def course_attempts(course, quiz_keys):
    """Attempts at the quizzes `quiz_keys` that belong to `course` (see the module docstring)."""
    enrolled = Enrolment.objects.filter(course_key=course.course_key).values("user_id")
    return Attempt.objects.filter(quiz_key__in=list(quiz_keys), trial=False).filter(
        Q(course_key=course.course_key) | Q(course_key__isnull=True, user_id__in=enrolled)
    )


def staff_attempts(course, quizzes):
    """The attempts staff review: every attempt of an exam paper, only each participant's latest otherwise."""
    quizzes = list(quizzes)
    attempts = course_attempts(course, [quiz.quiz_key for quiz in quizzes])
    latest_only = [quiz.quiz_key for quiz in quizzes if not quiz.exam_paper]
    if latest_only:
        latest = (
            Attempt.objects.filter(user_id=OuterRef("user_id"), quiz_key=OuterRef("quiz_key"))
            .order_by("-number")
            .values("number")[:1]
        )
        attempts = attempts.annotate(latest_number=Subquery(latest)).filter(
            ~Q(quiz_key__in=latest_only) | Q(number=F("latest_number"))
        )
    return attempts


def analysed_attempts(course, quiz):
    """Each participant's first submitted attempt: later ones reflect what earlier reviews taught."""
    submitted = Attempt.objects.filter(state=AttemptState.SUBMITTED)
    first = submitted.filter(user_id=OuterRef("user_id"), quiz_key=OuterRef("quiz_key")).order_by("number")
    return (
        course_attempts(course, [quiz.quiz_key])
        .filter(state=AttemptState.SUBMITTED)
        .annotate(first_number=Subquery(first.values("number")[:1]))
        .filter(number=F("first_number"))
    )


def share(part, whole):
    return (Decimal(part) / Decimal(whole)).quantize(TWO_PLACES, ROUND_HALF_UP) if whole else None


def mean(values):
    values = list(values)
    return (sum(values, Decimal(0)) / len(values)).quantize(ONE_PLACE, ROUND_HALF_UP) if values else None


# Item analysis --------------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    choice: Choice | None  # None: no answer
    count: int
    given: int

    @property
    def share(self):
        return share(self.count, self.given)


@dataclass
class ItemStats:
    number: int
    question: object
    given: int = 0  # attempts whose paper had the question
    answered: int = 0
    correct: int = 0
    points: Decimal = Decimal(0)
    awaiting_marking: int = 0
    upper_given: int = 0
    upper_correct: int = 0
    lower_given: int = 0
    lower_correct: int = 0
    choices: list = field(default_factory=list)

    @property
    def facility(self):
        """Share of the attempts given the question that answered it correctly (0–1)."""
        return share(self.correct, self.given)

    @property
    def mean_score(self):
        """Mean points as a share of the question's points (partial credit counts here)."""
        return share(self.points, self.given * self.question.points)

    @property
    def discrimination(self):
        """Upper-minus-lower index: share correct in the best 27% minus share correct in the worst 27%."""
        if not self.upper_given or not self.lower_given:
            return None
        return share(self.upper_correct, self.upper_given) - share(self.lower_correct, self.lower_given)


@dataclass
class ItemAnalysis:
    quiz: object
    attempts: int
    group_size: int
    mean_percent: Decimal | None
    items: list


def discrimination_groups(ranked):
    """(upper ids, lower ids, group size) from (attempt id, percent) pairs; ties at a boundary go by id."""
    ranked = sorted(ranked, key=lambda row: (-row[1], row[0]))
    if len(ranked) < 2:
        return set(), set(), 0
    size = max(1, int((DISCRIMINATION_GROUP_SHARE * len(ranked)).quantize(Decimal(1), ROUND_HALF_UP)))
    return {pk for pk, _percent in ranked[:size]}, {pk for pk, _percent in ranked[-size:]}, size


def ordered_questions(quiz, keys):
    """{key: source question} for `keys` and the quiz's fixed questions: those first, in the quiz's order,
    then the questions drawn from the bank, by text."""
    fixed = [
        str(key)
        for key in quiz.fixed_questions.order_by("sort_order").values_list("question__translation_key", flat=True)
    ]
    questions = {str(key): question for key, question in source_questions([*fixed, *keys]).items()}
    drawn = sorted(set(questions) - set(fixed), key=lambda key: (questions[key].text.casefold(), key))
    return {key: questions[key] for key in [*fixed, *drawn] if key in questions}


def item_analysis(course, quiz):
    """Facility, discrimination and the answer-choice breakdown of every question of `quiz` in `course`."""
    attempts = analysed_attempts(course, quiz)
    rows = list(attempts.values_list("pk", "percent", "question_keys"))
    upper, lower, group_size = discrimination_groups([(pk, percent or Decimal(0)) for pk, percent, _keys in rows])

    given = defaultdict(lambda: [0, 0, 0])  # question key: [all, upper, lower]
    for pk, _percent, keys in rows:
        for key in keys:
            given[key][0] += 1
            given[key][1] += pk in upper
            given[key][2] += pk in lower

    questions = ordered_questions(quiz, list(given))
    choices = defaultdict(list)
    for choice in Choice.objects.filter(question__in=list(questions.values())).order_by("sort_order", "pk"):
        choices[choice.question_id].append(choice)

    answers = Answer.objects.filter(attempt__in=attempts).order_by()
    sums = {
        "answered_text": Count("pk", filter=~Q(text="")),
        "correct": Count("pk", filter=Q(is_correct=True)),
        "total_points": Sum("points"),
        "awaiting": Count("pk", filter=Q(points__isnull=True) & ~Q(text="")),
    }
    if upper:
        sums["upper_correct"] = Count("pk", filter=Q(is_correct=True, attempt_id__in=upper))
        sums["lower_correct"] = Count("pk", filter=Q(is_correct=True, attempt_id__in=lower))
    totals = {str(row["question_key"]): row for row in answers.values("question_key").annotate(**sums)}
    chosen = defaultdict(lambda: defaultdict(int))  # question key: {choice key: count}
    answered_choices = defaultdict(int)  # question key: answers with at least one choice
    combinations = answers.values_list("question_key", "choice_keys").annotate(count=Count("pk"))
    for question_key, choice_keys, count in combinations:
        if choice_keys:
            answered_choices[str(question_key)] += count
        for choice_key in choice_keys or []:
            chosen[str(question_key)][str(choice_key)] += count

    items = []
    for number, (key, question) in enumerate(questions.items(), start=1):
        total = totals.get(key, {})
        item = ItemStats(
            number,
            question,
            given=given[key][0],
            correct=total.get("correct", 0),
            points=total.get("total_points") or Decimal(0),
            awaiting_marking=total.get("awaiting", 0),
            upper_given=given[key][1],
            upper_correct=total.get("upper_correct", 0),
            lower_given=given[key][2],
            lower_correct=total.get("lower_correct", 0),
        )
        if question.has_choices:
            counts = chosen.get(key, {})
            item.choices = [
                ChoiceCount(choice, counts.get(str(choice.translation_key), 0), item.given)
                for choice in choices[question.pk]
            ]
            # Not answered: no answer row, or one whose choices were all taken back.
            item.answered = answered_choices[key]
            item.choices.append(ChoiceCount(None, item.given - item.answered, item.given))
        else:
            item.answered = total.get("answered_text", 0)
        items.append(item)
    return ItemAnalysis(
        quiz=quiz,
        attempts=len(rows),
        group_size=group_size,
        mean_percent=mean(percent for _pk, percent, _keys in rows if percent is not None),
        items=items,
    )


# Learning gain --------------------------------------------------------------------------------

SCORE_BANDS = [(low, low + 10) for low in range(0, 100, 10)]


def band_label(low, high):
    return f"{low}–{high if high == 100 else high - 1}"


def band_counts(scores):
    """How many scores fall in each 10-point band; 100 belongs to the last band."""
    counts = [0] * len(SCORE_BANDS)
    for score in scores:
        counts[min(int(score // 10), len(SCORE_BANDS) - 1)] += 1
    return counts


def normalised_gain(pre, post):
    """Hake's normalised gain, (post − pre) / (100 − pre), of one participant or of a group's means;
    undefined (None) at a perfect pre-test, which leaves no room to gain."""
    if pre is None or post is None or pre >= 100:
        return None
    return ((Decimal(post) - Decimal(pre)) / (100 - Decimal(pre))).quantize(TWO_PLACES, ROUND_HALF_UP)


def exact_mean(values):
    values = list(values)
    return sum(values, Decimal(0)) / len(values) if values else None


@dataclass
class GainGroup:
    """The pre- and post-test scores of one group of participants (all, or one participant type).

    The comparison (n, the means and the class gain) takes only the participants with both scores,
    so that the two means describe the same people.
    """

    key: str  # "all", a participant type, or "" for participants who did not state one
    label: str
    pre: dict = field(default_factory=dict)  # user id: final percent
    post: dict = field(default_factory=dict)

    @property
    def matched(self):
        """The user ids with both a pre-test and a post-test score."""
        return sorted(self.pre.keys() & self.post.keys())

    @property
    def pairs(self):
        return [(self.pre[user], self.post[user]) for user in self.matched]

    @property
    def n(self):
        return len(self.matched)

    @property
    def pre_only(self):
        return len(self.pre.keys() - self.post.keys())

    @property
    def post_only(self):
        return len(self.post.keys() - self.pre.keys())

    @property
    def mean_pre(self):
        """Mean pre-test % of the participants with both scores."""
        return mean(pre for pre, _post in self.pairs)

    @property
    def mean_post(self):
        """Mean post-test % of the participants with both scores."""
        return mean(post for _pre, post in self.pairs)

    @property
    def class_gain(self):
        """Hake's class gain ⟨g⟩ = (mean post − mean pre) / (100 − mean pre), from the unrounded means."""
        pairs = self.pairs
        return normalised_gain(exact_mean(pre for pre, _post in pairs), exact_mean(post for _pre, post in pairs))

    @property
    def perfect_pre(self):
        """Participants with both scores whose pre-test was already 100: they have no gain of their own."""
        return sum(1 for pre, _post in self.pairs if pre >= 100)

    @property
    def pre_bands(self):
        """The pre-test scores of the participants with both scores, in 10-point bands."""
        return band_counts(pre for pre, _post in self.pairs)

    @property
    def post_bands(self):
        return band_counts(post for _pre, post in self.pairs)


@dataclass
class ParticipantGain:
    """One participant's pre- and post-test scores and their own normalised gain, where it is defined."""

    user_id: int
    name: str
    email: str
    participant_type: str  # the label
    organisation: str
    pre: Decimal | None
    post: Decimal | None

    @property
    def gain(self):
        return normalised_gain(self.pre, self.post)

    @property
    def no_room_to_gain(self):
        """Both scores, but a pre-test of 100: the gain is undefined (0 / 0 or a division by zero)."""
        return self.pre is not None and self.post is not None and self.pre >= 100


@dataclass
class LearningGain:
    course: object
    pre_test: object | None  # QuizPage
    post_test: object | None
    groups: list  # GainGroup: everyone first, then each participant type that has scores
    provisional: int = 0  # participants whose score includes answers still waiting for a marker
    participants: list = field(default_factory=list)  # ParticipantGain, by name


def final_scores(course, quiz):
    """{user id: (final percent, participant type, provisional)} over each participant's submitted attempts."""
    rows = (
        course_attempts(course, [quiz.quiz_key])
        .filter(state=AttemptState.SUBMITTED, percent__isnull=False)
        .order_by("user_id", "number")
        .values_list("user_id", "percent", "needs_marking", "user__participant_profile__participant_type")
    )
    by_user = defaultdict(list)
    details = {}
    for user_id, percent, needs_marking, participant_type in rows:
        by_user[user_id].append(percent)
        provisional = details.get(user_id, (None, False))[1] or needs_marking
        details[user_id] = (participant_type or "", provisional)
    return {
        user_id: (final_percent(percents, quiz.grading_method), *details[user_id])
        for user_id, percents in by_user.items()
    }


def pre_post_pages(placements):
    """The course's first pre-test and first post-test pages, in course order."""
    pre = next((page for page in placements if page.quiz.kind == QuizKind.PRE_TEST), None)
    post = next((page for page in placements if page.quiz.kind == QuizKind.POST_TEST), None)
    return pre, post


def participant_gains(everyone):
    """Every participant with a pre- or a post-test score, by name (one query)."""
    types = dict(ParticipantType.choices)
    users = get_user_model().objects.filter(pk__in=everyone.pre.keys() | everyone.post.keys())
    rows = users.values_list(
        "pk",
        "email",
        "participant_profile__full_name",
        "participant_profile__participant_type",
        "participant_profile__organisation",
    )
    participants = [
        ParticipantGain(
            user_id,
            name or email,
            email,
            types.get(participant_type, NOT_STATED),
            organisation or "",
            everyone.pre.get(user_id),
            everyone.post.get(user_id),
        )
        for user_id, email, name, participant_type, organisation in rows
    ]
    return sorted(participants, key=lambda row: (row.name.casefold(), row.user_id))


def learning_gain(course, placements=None):
    """Hake's class gain with n and the mean pre- and post-test scores, for everyone and per participant
    type, and each participant's own scores and gain."""
    placements = quiz_placements(course) if placements is None else placements
    pre_page, post_page = pre_post_pages(placements)
    everyone = GainGroup("all", _("All participants"))
    by_type = {value: GainGroup(value, label) for value, label in ParticipantType.choices}
    not_stated = GainGroup("", NOT_STATED)
    provisional = set()
    for page, side in ((pre_page, "pre"), (post_page, "post")):
        if page is None:
            continue
        for user_id, (percent, participant_type, is_provisional) in final_scores(course, page.quiz).items():
            getattr(everyone, side)[user_id] = percent
            getattr(by_type.get(participant_type, not_stated), side)[user_id] = percent
            if is_provisional:
                provisional.add(user_id)
    groups = [everyone] + [group for group in [*by_type.values(), not_stated] if group.pre or group.post]
    return LearningGain(course, pre_page, post_page, groups, len(provisional), participant_gains(everyone))
