"""The quiz engine's models, by concern: the question bank, quizzes and their settings, attempts, pages."""

from courses.quiz.models.attempts import Answer, Attempt
from courses.quiz.models.bank import Choice, Question, QuestionCategory
from courses.quiz.models.pages import QuizPage
from courses.quiz.models.quizzes import Quiz, QuizBankRule, QuizOverride, QuizQuestion

__all__ = [
    "Answer",
    "Attempt",
    "Choice",
    "Question",
    "QuestionCategory",
    "Quiz",
    "QuizBankRule",
    "QuizOverride",
    "QuizPage",
    "QuizQuestion",
]
