"""The judge's workspace builds its rows without the template engine: they must still be
escaped and say what the template said."""

from django.utils import timezone

from technopark.contests.views.jury import _rows_html


def _row(title, nomination, category=None, done=False):
    return {
        "pk": 7,
        "url": "/contests/assignments/7/",
        "completed_at": timezone.now() if done else None,
        "entry": {
            "number": 3,
            "title": title,
            "nomination": {"name": nomination},
            "age_category": {"name": category} if category else None,
        },
    }


def test_titles_and_names_are_escaped():
    html = _rows_html(
        [_row('<script>alert("x")</script>', "Макет & <b>модель</b>", "12–14 <лет>")],
        "Номинация",
        "завершена",
        "не завершена",
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Макет &amp; &lt;b&gt;модель&lt;/b&gt; · 12–14 &lt;лет&gt;" in html


def test_row_links_to_the_score_sheet_and_shows_its_state():
    rows = [_row("Умная теплица", "Проекты"), _row("Метеостанция", "Проекты", done=True)]
    html = _rows_html(rows, "Номинация", "завершена", "не завершена")
    assert html.count('<a href="/contests/assignments/7/">') == 2
    assert html.count(">не завершена<") == 1 and html.count(">завершена<") == 1
    assert 'data-label="Номинация"' in html
