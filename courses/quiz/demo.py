"""A 10-question pre-test and post-test on human-rights-city basics, in both languages, with
demo attempts that make the learning-gain report and the item analysis meaningful."""

import random

from django.contrib.auth import get_user_model

from wagtail.models import Locale

from courses.models import Enrolment, LessonPage
from courses.quiz.models import Choice, Question, QuestionCategory, Quiz, QuizPage, QuizQuestion
from courses.quiz.sitting import save_answer, start_or_resume, submit
from home.localize import translate_with_strings
from home.site_tree import publish

# (kind, question id, question en, [(choice id, choice en, correct)], accepted answers id, en, explanation id, en)
QUESTIONS = [
    (
        "single",
        "Kewajiban negara atas HAM adalah menghormati, melindungi, dan …",
        "The state's human rights obligations are to respect, protect and …",
        [
            ("memenuhi", "fulfil", True),
            ("membatasi", "restrict", False),
            ("mengawasi", "supervise", False),
            ("menunda", "postpone", False),
        ],
        "",
        "",
        "Tiga kewajiban negara: menghormati, melindungi, memenuhi.",
        "The three state obligations: respect, protect, fulfil.",
    ),
    (
        "single",
        "Siapa pemangku kewajiban utama HAM?",
        "Who is the primary human rights duty bearer?",
        [
            ("Negara, termasuk pemerintah daerah", "The state, including regional governments", True),
            ("Perusahaan swasta", "Private companies", False),
            ("Setiap warga", "Every resident", False),
            ("Organisasi masyarakat sipil", "Civil-society organisations", False),
        ],
        "",
        "",
        "Negara, termasuk pemerintah daerah, adalah pemangku kewajiban HAM.",
        "The state, including regional governments, bears human rights obligations.",
    ),
    (
        "single",
        "Kabupaten/kota HAM adalah daerah yang …",
        "A human rights regency/city is one that …",
        [
            (
                "menjadikan HAM dasar kebijakan dan layanan publiknya",
                "makes human rights the basis of its policies and public services",
                True,
            ),
            ("tidak memiliki kasus kejahatan", "has no crime", False),
            ("memiliki kantor Komnas HAM", "hosts a Komnas HAM office", False),
            ("memiliki pengadilan HAM", "has a human rights court", False),
        ],
        "",
        "",
        "",
        "",
    ),
    (
        "true_false",
        "Inisiatif seperti kota layak anak dapat dipayungi dalam peta jalan kota HAM.",
        "Initiatives such as the child-friendly city can be brought under a human-rights-city road map.",
        [("Benar", "True", True), ("Salah", "False", False)],
        "",
        "",
        "Peta jalan memayungi inisiatif yang sudah ada.",
        "The road map brings existing initiatives together.",
    ),
    (
        "true_false",
        "HAM hanya tanggung jawab pemerintah pusat, bukan pemerintah daerah.",
        "Human rights are the central government's responsibility only, not regional governments'.",
        [("Benar", "True", False), ("Salah", "False", True)],
        "",
        "",
        "",
        "",
    ),
    (
        "multiple",
        "Mana saja yang merupakan prinsip HAM? (pilih semua yang benar)",
        "Which are human rights principles? (choose all that apply)",
        [
            ("Universal", "Universal", True),
            ("Tidak dapat dicabut", "Inalienable", True),
            ("Saling bergantung", "Interdependent", True),
            ("Hanya berlaku bagi warga negara", "Apply to citizens only", False),
        ],
        "",
        "",
        "",
        "",
    ),
    (
        "short",
        "Tuliskan singkatan forum kota HAM sedunia yang diadakan di Korea Selatan.",
        "Write the abbreviation of the world human rights cities forum held in South Korea.",
        [],
        "WHRCF\nWorld Human Rights Cities Forum",
        "WHRCF\nWorld Human Rights Cities Forum",
        "",
        "",
    ),
    (
        "single",
        "Partisipasi bermakna masyarakat sipil dalam peta jalan berarti …",
        "Meaningful civil-society participation in a road map means …",
        [
            ("terlibat sejak perencanaan", "being involved from planning onwards", True),
            ("hadir saat peluncuran", "attending the launch", False),
            ("menerima laporan akhir", "receiving the final report", False),
            ("tidak diperlukan", "it is not needed", False),
        ],
        "",
        "",
        "",
        "",
    ),
    (
        "single",
        "Pelembagaan praktik baik berarti …",
        "Institutionalising good practices means …",
        [
            (
                "praktik baik masuk ke tata kelola pemerintahan sehingga berkelanjutan",
                "good practices become part of how government is run, so they last",
                True,
            ),
            ("praktik baik dimuat di media", "good practices appear in the media", False),
            ("praktik baik diberi penghargaan", "good practices win awards", False),
            ("praktik baik berhenti setelah proyek", "good practices stop after the project", False),
        ],
        "",
        "",
        "",
        "",
    ),
    (
        "single",
        "Undang-undang tentang Hak Asasi Manusia di Indonesia adalah …",
        "Indonesia's Human Rights Law is …",
        [
            ("UU Nomor 39 Tahun 1999", "Law No. 39 of 1999", True),
            ("UU Nomor 27 Tahun 2022", "Law No. 27 of 2022", False),
            ("UU Nomor 23 Tahun 2014", "Law No. 23 of 2014", False),
            ("UU Nomor 14 Tahun 2008", "Law No. 14 of 2008", False),
        ],
        "",
        "",
        "",
        "",
    ),
]

# How likely each demo participant answers correctly before and after the training.
SKILL = {
    "asn.bappeda": (0.5, 0.95),
    "asn.dinsos": (0.4, 0.8),
    "asn.dp3a": (0.3, 0.6),
    "asn.dinkes": (0.5, 0.7),
    "aktivis.lbh": (0.7, 0.95),
    "aktivis.perempuan": (0.6, 0.85),
    "aktivis.disabilitas": (0.4, 0.7),
}


def load(stdout, course):
    if QuizPage.objects.child_of(course).exists():
        return
    id_locale, en_locale = Locale.objects.get(language_code="id"), Locale.objects.get(language_code="en")
    category, _ = QuestionCategory.objects.get_or_create(name="Kabupaten/Kota HAM", locale=id_locale)
    if category.get_translation_or_none(en_locale) is None:
        translate_with_strings(category, en_locale, {category.name: "Human Rights Regency/City"})
    questions = [_question(entry, category, en_locale) for entry in QUESTIONS]
    pre = _quiz(
        "Pre-test Kabupaten/Kota HAM",
        "Pre-test: Human Rights Regency/City",
        "pretest-kota-ham",
        "pre_test",
        questions,
        category,
        en_locale,
    )
    post = _quiz(
        "Post-test Kabupaten/Kota HAM",
        "Post-test: Human Rights Regency/City",
        "posttest-kota-ham",
        "post_test",
        questions,
        category,
        en_locale,
    )
    first_lesson = LessonPage.objects.child_of(course).order_by("path").first()
    pre_page = _page(course, pre, "Pre-test", "pre-test", "Kerjakan sebelum sesi pertama.", en_locale)
    if first_lesson is not None:
        pre_page.move(first_lesson, pos="left")
    post_page = _page(course, post, "Post-test", "post-test", "Kerjakan setelah sesi terakhir.", en_locale)
    _demo_attempts(course, pre, post)
    stdout.write(f"created pre-test and post-test for {course.title} ({pre_page.url_path}, {post_page.url_path})")


def _question(entry, category, en_locale):
    kind, text_id, text_en, choices, accepted_id, accepted_en, explanation_id, explanation_en = entry
    question = Question(
        kind=kind,
        text=text_id,
        category=category,
        accepted_answers=accepted_id,
        explanation=explanation_id,
        locale=category.locale,
    )
    if kind == "multiple":
        question.multiple_scoring = "partial"
    for choice_id, _choice_en, correct in choices:
        question.choices.add(Choice(text=choice_id, is_correct=correct))
    question.save()
    strings = {text_id: text_en, **{choice_id: choice_en for choice_id, choice_en, _c in choices}}
    if explanation_id:
        strings[explanation_id] = explanation_en
    if accepted_id:
        strings[accepted_id] = accepted_en
    translate_with_strings(question, en_locale, strings)
    return question


def _quiz(title_id, title_en, slug, kind, questions, category, en_locale):
    quiz = Quiz(
        title=title_id,
        slug=slug,
        kind=kind,
        category=category,
        description="10 soal tentang dasar-dasar kabupaten/kota HAM.",
        pass_mark=60,
        max_attempts=1 if kind == "pre_test" else 2,
        time_limit_minutes=20,
        success_text="Selamat, Anda lulus.",
        fail_text="Anda belum lulus; pelajari kembali modulnya.",
        locale=category.locale,
        # The post-test asks the same questions: the pre-test's review keeps the answers until it is done.
        answer_release="after_post_test" if kind == "pre_test" else "after_submit",
    )
    for question in questions:
        quiz.fixed_questions.add(QuizQuestion(question=question))
    quiz.save()
    translate_with_strings(
        quiz,
        en_locale,
        {
            title_id: title_en,
            quiz.description: "10 questions on the basics of human rights regencies and cities.",
            quiz.success_text: "Congratulations, you passed.",
            quiz.fail_text: "You have not passed yet; review the modules.",
        },
    )
    return quiz


def _page(course, quiz, title, slug, introduction, en_locale):
    post_test = quiz.kind == "post_test"
    page = QuizPage(
        title=title, slug=slug, quiz=quiz, introduction=introduction, required=post_test, must_submit=post_test
    )
    course.add_child(instance=page)
    publish(page)
    translate_with_strings(
        page,
        en_locale,
        {
            introduction: {
                "pre-test": "Take it before the first session.",
                "post-test": "Take it after the last session.",
            }[slug]
        },
    )
    return page


def _demo_attempts(course, pre, post):
    rng = random.Random(2021)
    users = get_user_model().objects.filter(username__in=SKILL, enrolments__course_key=course.course_key)
    enrolled = set(Enrolment.objects.filter(course_key=course.course_key).values_list("user_id", flat=True))
    for user in users:
        if user.pk not in enrolled:
            continue
        for quiz, skill in ((pre, SKILL[user.username][0]), (post, SKILL[user.username][1])):
            attempt = start_or_resume(user, quiz, course_key=course.course_key)
            for seq, key in enumerate(attempt.question_keys, start=1):
                question = Question.objects.get(translation_key=key, locale=quiz.locale)
                right = rng.random() < skill
                choices = list(question.choices.all())
                if question.kind == "short":
                    save_answer(attempt, key, text="WHRCF" if right else "HAM", seq=seq)
                    continue
                correct = [str(c.translation_key) for c in choices if c.is_correct]
                wrong = [str(c.translation_key) for c in choices if not c.is_correct]
                picked = correct if right else [rng.choice(wrong)]
                if question.kind == "multiple" and not right:
                    picked = correct[:1] + wrong[:1]
                save_answer(attempt, key, picked, seq=seq)
            submit(attempt, quiz)
