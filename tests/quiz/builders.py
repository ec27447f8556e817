"""Quizzes for tests, built with the ORM."""

from wagtail.models import Locale

from courses.quiz.models import Choice, Question, QuestionCategory, Quiz, QuizBankRule, QuizQuestion


def make_question(text, kind="single", correct=1, options=("A", "B", "C"), category=None, **fields):
    question = Question(text=text, kind=kind, category=category, locale=Locale.get_default(), **fields)
    for number, option in enumerate(options if kind != "short" and kind != "essay" else ()):
        question.choices.add(
            Choice(text=option, is_correct=number == correct if kind != "multiple" else number in correct)
        )
    question.save()
    return question


def make_quiz(questions=(), bank=(), **fields):
    values = {"title": "Pre-test Kota HAM", "slug": "pretest", "pass_mark": 60, "max_attempts": 1}
    values.update(fields)
    quiz = Quiz(locale=Locale.get_default(), **values)
    for question in questions:
        quiz.fixed_questions.add(QuizQuestion(question=question))
    for category, count in bank:
        quiz.bank_rules.add(QuizBankRule(category=category, count=count))
    quiz.save()
    return quiz


def make_category(name="Konsep dasar"):
    return QuestionCategory.objects.create(name=name, locale=Locale.get_default())


def choice_key(question, text):
    return str(question.choices.get(text=text).translation_key)
