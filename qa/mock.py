"""The mock interview page: choose topics, difficulty, how many questions and minutes per question, then
answer one question at a time against a timer, reveal the key points, grade yourself; a summary at the end
sends the weak questions to the review list.

Pure Python, no MkDocs. :func:`mock_page_markdown` writes the page (``mock/``, ``zh-Hans/mock/``,
``en/mock/``) as Markdown with raw HTML: the setup form, built here from the locale's ``study.json``
document (:func:`qa.study.study_data`, with each question's ``difficulty``, ``origin`` and ``key_html``
added by ``hooks/study_mode.py``), and the words the browser needs, as JSON in
``<script type="application/json" id="qa-mock-config">``. ``overrides/assets/javascripts/mock.js`` runs
the interview from ``study.json``; without JavaScript the page says so and shows no form.

Key points are :func:`qa.keypoints.key_points` of the answer the edition shows (the same as the Anki
card's back). Grades: ``good`` (答得好), ``partial`` (部分答對), ``missed`` (答不出來); ``partial`` and
``missed`` are *weak* and are marked "review" in study mode's marks (``qa-study-marks`` in
``localStorage``, the same storage the topic pages' "Review" button writes).
"""
from __future__ import annotations

import html
import json
from collections import Counter

from .metadata import DIFFICULTIES

#: the setup's defaults and limits
DEFAULT_COUNT = 5
DEFAULT_MINUTES = 3
MAX_MINUTES = 30
#: the difficulty filter's value for a question without a difficulty (most of the original collection)
UNRATED = "unrated"

#: the page's words per locale (the 简体中文 edition's are the Traditional ones, converted by the build)
LABELS: dict[str, dict[str, str]] = {
    "zh-Hant": {
        "title": "模擬面試",
        "intro": "像真的面試一樣練習：選好主題、難度、題數與每題時間，題目一次出一題、答案先藏起來。"
                 "自己說出答案後再看重點，替自己打分；結束時，答得不好的題目會加入「待複習」清單。",
        "topics": "主題",
        "difficulty": "難度",
        "unrated": "未標難度（原始題庫）",
        "count": "題數",
        "minutes": "每題分鐘數",
        "start": "開始模擬面試",
        "available": "符合條件的題目：{count} 題。",
        "none_available": "沒有符合條件的題目：請多選一些主題或難度。",
        "progress": "第 {n} 題，共 {total} 題",
        "time_left": "剩餘時間",
        "time_up": "時間到！說完這題後顯示重點。",
        "overtime": "超時",
        "reveal": "顯示重點",
        "key_points": "重點",
        "full_answer": "閱讀完整答案（另開分頁）",
        "grade": "你答得如何？",
        "good": "答得好",
        "partial": "部分答對",
        "missed": "答不出來",
        "skipped": "未作答",
        "end": "結束面試",
        "end_title": "要結束這場面試嗎？",
        "end_text": "已作答的題目會列在結果中，其餘題目不計。",
        "end_confirm": "結束並看結果",
        "end_cancel": "繼續作答",
        "keys": "鍵盤：R 顯示重點，1／2／3 打分（答得好／部分答對／答不出來）。",
        "summary": "面試結果",
        "summary_line": "答得好 {good} 題、部分答對 {partial} 題、答不出來 {missed} 題，共用時 {time}。",
        "sent": "已把 {count} 題加入「待複習」清單。",
        "sent_none": "沒有需要複習的題目。",
        "review_link": "檢視待複習清單",
        "again": "再來一場",
        "question_header": "題目",
        "grade_header": "自評",
        "time_header": "用時",
        "noscript": "模擬面試需要啟用 JavaScript。",
        "data_error": "無法載入題目清單，請重新整理頁面。",
    },
    "en": {
        "title": "Mock interview",
        "intro": "Practise as in a real interview: choose topics, difficulty, the number of questions and the minutes "
                 "for each; questions come one at a time with the answer hidden. Answer aloud, then reveal the key "
                 "points and grade yourself; at the end, the questions you answered poorly go to your review list.",
        "topics": "Topics",
        "difficulty": "Difficulty",
        "unrated": "Unrated (original collection)",
        "count": "Questions",
        "minutes": "Minutes per question",
        "start": "Start the interview",
        "available": "Questions that match: {count}.",
        "none_available": "No question matches: choose more topics or difficulties.",
        "progress": "Question {n} of {total}",
        "time_left": "Time left",
        "time_up": "Time is up! Finish your answer, then reveal the key points.",
        "overtime": "over time",
        "reveal": "Reveal the key points",
        "key_points": "Key points",
        "full_answer": "Read the full answer (new tab)",
        "grade": "How did you do?",
        "good": "Answered well",
        "partial": "Partly",
        "missed": "Could not answer",
        "skipped": "Not answered",
        "end": "End the interview",
        "end_title": "End this interview?",
        "end_text": "The questions you have graded are listed in the results; the rest are left out.",
        "end_confirm": "End and see the results",
        "end_cancel": "Keep going",
        "keys": "Keys: R reveals the key points, 1 / 2 / 3 grade (well / partly / could not answer).",
        "summary": "Results",
        "summary_line": "Answered well: {good}, partly: {partial}, could not answer: {missed}; time taken {time}.",
        "sent": "{count} questions were added to your review list.",
        "sent_none": "No question needs review.",
        "review_link": "Open the review list",
        "again": "Another interview",
        "question_header": "Question",
        "grade_header": "Grade",
        "time_header": "Time",
        "noscript": "The mock interview needs JavaScript.",
        "data_error": "The question list could not be loaded; reload the page.",
    },
}


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _checkbox(name: str, value: str, label: str, count: int) -> str:
    return (f'<label class="qa-mock-choice"><input type="checkbox" name="{name}" value="{_esc(value)}" checked> '
            f'{_esc(label)} <span class="qa-mock-count">({count})</span></label>')


def mock_page_markdown(locale: str, data: dict, review_url: str, words: dict[str, str] | None = None) -> str:
    """The mock interview page of one locale as Markdown with raw HTML (see the module docstring).

    Args:
        locale: ``"zh-Hant"`` or ``"en"`` (the words; the 简体中文 edition passes ``"zh-Hant"`` and converts).
        data: the locale's ``study.json`` document: ``topics`` (slug, title, questions) and ``questions``
            (id, ``difficulty``: a key of :data:`qa.metadata.DIFFICULTIES` or ``None``).
        review_url: the review page's URL relative to this page (``../review/``).
        words: the words the browser gets (``qa-mock-config``): :data:`LABELS` of ``locale`` as the edition
            shows them (the build converts them to its wording; script content is not converted on the page);
            default ``LABELS[locale]``.

    Returns:
        The page: front matter (``qa_mock: true`` makes ``overrides/main.html`` load ``mock.js``; the table of
        contents hidden), the title and introduction, the hidden setup form (one checkbox per topic and per
        difficulty present, each with its question count; the number of questions and minutes per
        question), the containers ``mock.js`` fills, the end-interview ``<dialog>``, the
        ``qa-mock-config`` JSON (``labels``, ``review``) and a ``<noscript>`` note.

    Raises:
        KeyError: ``locale`` is not in :data:`LABELS`, or a question's difficulty is unknown.
    """
    labels = LABELS[locale]
    difficulties = Counter(q.get("difficulty") or UNRATED for q in data["questions"])
    topic_boxes = "\n".join(_checkbox("topic", t["slug"], t["title"], len(t["questions"])) for t in data["topics"])
    levels = [level for level in (*DIFFICULTIES, UNRATED) if difficulties.get(level)]
    level_boxes = "\n".join(
        _checkbox("difficulty", level, labels["unrated"] if level == UNRATED else DIFFICULTIES[level][locale], difficulties[level])
        for level in levels)
    total = len(data["questions"])
    config = json.dumps({"labels": words or labels, "review": review_url}, ensure_ascii=False).replace("</", "<\\/")
    return (
        "---\nqa_mock: true\nhide:\n  - toc\n---\n\n"
        f"# {labels['title']}\n\n{labels['intro']}\n\n"
        '<div class="qa-mock" data-qa-mock>\n'
        '<form class="qa-mock-setup" data-qa-mock-setup hidden>\n'
        f'<fieldset class="qa-mock-topics"><legend>{_esc(labels["topics"])}</legend>\n{topic_boxes}\n</fieldset>\n'
        f'<fieldset class="qa-mock-levels"><legend>{_esc(labels["difficulty"])}</legend>\n{level_boxes}\n</fieldset>\n'
        '<div class="qa-mock-numbers">\n'
        f'<label for="qa-mock-count">{_esc(labels["count"])}</label>\n'
        f'<input id="qa-mock-count" name="count" type="number" inputmode="numeric" min="1" max="{total}" value="{min(DEFAULT_COUNT, total)}" required>\n'
        f'<label for="qa-mock-minutes">{_esc(labels["minutes"])}</label>\n'
        f'<input id="qa-mock-minutes" name="minutes" type="number" inputmode="numeric" min="1" max="{MAX_MINUTES}" value="{DEFAULT_MINUTES}" required>\n'
        '</div>\n'
        '<p class="qa-mock-available" data-qa-mock-available role="status"></p>\n'
        f'<p><button type="submit" class="qa-study-button qa-mock-start">{_esc(labels["start"])}</button></p>\n'
        '</form>\n'
        '<section class="qa-mock-run" data-qa-mock-run aria-labelledby="qa-mock-question" hidden></section>\n'
        '<section class="qa-mock-summary" data-qa-mock-summary aria-labelledby="qa-mock-summary-title" hidden></section>\n'
        '<dialog class="qa-mock-dialog" data-qa-mock-dialog aria-labelledby="qa-mock-dialog-title" aria-describedby="qa-mock-dialog-text">\n'
        f'<h2 id="qa-mock-dialog-title">{_esc(labels["end_title"])}</h2>\n'
        f'<p id="qa-mock-dialog-text">{_esc(labels["end_text"])}</p>\n'
        '<form method="dialog" class="qa-mock-dialog-actions">\n'
        f'<button type="submit" value="end" class="qa-study-button" data-qa-mock-end-confirm>{_esc(labels["end_confirm"])}</button>\n'
        f'<button type="submit" value="cancel" class="qa-study-button" autofocus>{_esc(labels["end_cancel"])}</button>\n'
        '</form>\n</dialog>\n'
        '<p class="qa-study-status" data-qa-mock-status role="status"></p>\n'
        '</div>\n'
        f'<script type="application/json" id="qa-mock-config">{config}</script>\n\n'
        f"<noscript><p>{_esc(labels['noscript'])}</p></noscript>\n"
    )
