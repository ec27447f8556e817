"""The review marks the participant's wrong choice, beside the correct one, once the answer key is shown."""

import re

from tests.quiz.builders import choice_key
from tests.quiz.test_taking import (  # noqa: F401 (fixtures)
    client,
    course,
    page,
    participant,
    questions,
    quiz,
    start,
    url,
)


def choice_items(html):
    return re.findall(r'<li class="([^"]*)">(?:<strong>[^<]*</strong> )?([^<]+)', html)


def test_the_review_marks_a_wrong_choice_and_the_correct_one(client, page, questions):  # noqa: F811
    attempt = start(client, page)
    first, second = questions[0], questions[1]
    client.post(
        url(page, "answer", attempt.pk),
        {"question": str(first.translation_key), "choice": choice_key(first, "Salah 1")},
    )
    client.post(
        url(page, "answer", attempt.pk),
        {"question": str(second.translation_key), "choice": choice_key(second, "Benar 2")},
    )
    result = client.post(url(page, "submit", attempt.pk), {"confirm": "1"}, follow=True).content.decode()

    classes = {text.strip(): css.split() for css, text in choice_items(result)}
    assert classes["Salah 1"] == ["chosen", "is-wrong"]
    assert classes["Benar 1"] == ["is-correct"]
    assert classes["Benar 2"] == ["chosen", "is-correct"]
    assert classes["Keliru 1"] == [] and classes["Salah 2"] == []
    assert result.count("✘") == 1
