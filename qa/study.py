"""Study mode's data: which question an id stands for, and the question list the browser reads.

Pure Python, no MkDocs. Study mode (``overrides/assets/javascripts/study.js``) keeps a reader's marks
("Know it" / "Review") in ``localStorage`` under each question's permanent id, the ``{#id}`` a
maintainer wrote. Dedup may merge several ids into one shown question; :func:`shown_id_map`
says which shown question each written id now stands for, so a mark made under an old id (or
imported from an older export) lands on the question readers see. :func:`study_data` is the
JSON document each locale's build writes for the browser (``study.json``, ``en/study.json``):
the topics, their questions in number order with titles and links, and that id map.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence

from .edition import Edition, words
from .model import DedupResult, TopicPage
from .question_html import inline_html

#: version of the :func:`study_data` document and of the marks the browser stores and exports
FORMAT_VERSION = 1

#: the words of study mode, per locale (the browser gets them in each page's ``qa-study-config``)
LABELS: dict[str, dict[str, str]] = {
    "zh-Hant": {
        "toggle": "自我測驗",
        "toggle_title": "自我測驗：先隱藏答案，自己回答後再顯示",
        "show": "顯示答案",
        "hide": "隱藏答案",
        "show_all": "顯示全部答案",
        "hide_all": "隱藏全部答案",
        "keys": "鍵盤：j／k 到下一題／上一題，空白鍵或 Enter 顯示答案。",
        "marks_of": "標記第 {number} 題",
        "known": "已掌握",
        "review": "待複習",
        "unmarked": "未標記",
        "complete": "（已全部掌握）",
        "random": "隨機一題",
        "all_marked": "每一題都已標記。",
        "review_empty": "目前沒有標記為「待複習」的題目。",
        "review_count": "待複習：{count} 題。",
        "export": "匯出標記（JSON）",
        "import": "匯入標記",
        "imported": "已匯入 {count} 個標記。",
        "import_error": "無法讀取這個檔案：它不是本站匯出的標記。",
        "reset": "清除全部標記",
        "reset_confirm": "確定要清除全部標記嗎？此動作無法復原。",
        "reset_done": "已清除全部標記。",
        "data_error": "無法載入題目清單，請重新整理頁面。",
        "rate_of": "評分第 {number} 題",
        "rate_prompt": "記得多少？",
        "rate_again": "重來",
        "rate_hard": "困難",
        "rate_good": "良好",
        "rate_easy": "簡單",
        "next_due": "下次複習：{when}",
        "later_today": "今天稍後",
        "due_today": "今天到期：{count} 題。",
        "due_none": "今天沒有到期的題目。",
        "due_link": "開始複習",
        "save_failed": "無法儲存進度：這個瀏覽器的儲存空間已滿或已停用，剛才的變更沒有存下來。"
                       "請匯出進度備份，或清除其他網站的資料後再試一次。",
        "dismiss": "關閉",
        "imported_schedule": "已匯入 {count} 題的複習排程。",
        "import_unknown": "保留 {count} 個本站目前沒有的題目 id（{ids}）：題目恢復時會再出現。",
        "import_skipped": "略過 {count} 個無法使用的項目。",
        "import_nothing": "檔案中沒有可以匯入的標記或排程。",
        "import_bad_version": "無法匯入：這個檔案的格式版本是 {version}，本站只讀得懂版本 1 到 {supported}。",
        "import_bad_shape": "無法匯入：檔案中的標記或排程格式不對（應是「題目 id → 內容」的對照表）。",
        "import_too_large": "無法匯入：檔案有 {size}，本站匯出的進度檔不會超過 {limit}。請確認選對了檔案。",
        "import_save_failed": "無法匯入：瀏覽器的儲存空間已滿，沒有存入任何內容。",
        "resume": "從上次的地方繼續",
    },
    "en": {
        "toggle": "Self-test",
        "toggle_title": "Self-test: hide the answers, answer yourself, then show them",
        "show": "Show answer",
        "hide": "Hide answer",
        "show_all": "Show all answers",
        "hide_all": "Hide all answers",
        "keys": "Keys: j / k next / previous question, Space or Enter shows the answer.",
        "marks_of": "Mark question {number}",
        "known": "Know it",
        "review": "Review",
        "unmarked": "Not yet",
        "complete": "(all known)",
        "random": "Random question",
        "all_marked": "Every question is marked.",
        "review_empty": "No question is marked for review.",
        "review_count": "To review: {count}.",
        "export": "Export marks (JSON)",
        "import": "Import marks",
        "imported": "Imported {count} marks.",
        "import_error": "Could not read this file: it is not an export of this site's marks.",
        "reset": "Reset all marks",
        "reset_confirm": "Clear every mark? This cannot be undone.",
        "reset_done": "Every mark is cleared.",
        "data_error": "The question list could not be loaded; reload the page.",
        "rate_of": "Rate question {number}",
        "rate_prompt": "How well did you recall it?",
        "rate_again": "Again",
        "rate_hard": "Hard",
        "rate_good": "Good",
        "rate_easy": "Easy",
        "next_due": "Next review: {when}",
        "later_today": "later today",
        "due_today": "Due today: {count}.",
        "due_none": "Nothing is due today.",
        "due_link": "Review them",
        "save_failed": "Could not save your progress: this browser's storage is full or turned off, so the last "
                       "change was not kept. Export a backup, or clear other sites' data and try again.",
        "dismiss": "Dismiss",
        "imported_schedule": "Imported the review schedule of {count} questions.",
        "import_unknown": "Kept {count} ids this site does not have now ({ids}); they come back if the questions do.",
        "import_skipped": "Skipped {count} unusable entries.",
        "import_nothing": "The file has no marks or schedules to import.",
        "import_bad_version": "Could not import: the file's format version is {version}; this site reads versions 1 to {supported}.",
        "import_bad_shape": "Could not import: the file's marks or schedule are not in the right shape (a map of question id → entry).",
        "import_too_large": "Could not import: the file is {size}; a progress file of this site is at most {limit}. Check that it is the right file.",
        "import_save_failed": "Could not import: the browser's storage is full; nothing was stored.",
        "resume": "Continue where you left off",
    },
}


def shown_id_map(pages: Sequence[TopicPage], result: DedupResult) -> dict[str, str]:
    """Every question id written in ``pages`` → the id of the question readers see for it.

    Args:
        pages: all parsed topic pages.
        result: :func:`qa.dedup.dedupe` over those pages.

    Returns:
        ``{written id: shown id}`` for every unit of every page: a unit that dedup merged into a
        group (on the same page or on another) maps to its group's canonical id; any other unit
        maps to itself.
    """
    out: dict[str, str] = {}
    for page in pages:
        for question in page.questions:
            group = result.group_of(question.id)
            out[question.id] = group.canonical.id if group is not None else question.id
    return out


def _text_of(fragment: str) -> str:
    """The text a reader sees of an inline HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def study_data(edition: Edition, topic_urls: Mapping[str, str], id_map: Mapping[str, str],
               render_markdown: Callable[[str], str] | None = None) -> dict:
    """The JSON-ready question list of one edition for the browser's study mode.

    Args:
        edition: :func:`qa.edition.make_edition` — its numbered questions, topics and titles (the one
            title rule: :func:`qa.edition.edition_title`).
        topic_urls: topic page path (``applications.md``) → its URL relative to the locale's
            root (``applications/``).
        id_map: :func:`shown_id_map`.
        render_markdown: renders a title's inline Markdown (`` `code` ``) to HTML; ``None``
            escapes the title as plain text.

    Returns:
        ``{"version": 1, "locale", "topics": [{"slug", "title", "url", "questions": [id, ...]}],
        "questions": [{"id", "number", "title_html", "title", "lang", "topic", "url"}],
        "merged": {written id: shown id}}`` — questions in number order; ``lang`` is the title's
        (``zh-Hant`` for an English title not yet written); ``merged`` lists only the ids dedup merged
        into another question (those that differ from their shown id); every URL is relative to the
        locale's root. ``title`` is the plain text of ``title_html`` (study.js shows it as text).

    Raises:
        KeyError: a question's topic page is missing from ``topic_urls``.
    """
    topics: list[dict] = []
    questions: list[dict] = []
    for item in edition.questions:
        topic = item.topic
        url = topic_urls[topic.path]
        if not topics or topics[-1]["slug"] != topic.slug:
            topics.append({"slug": topic.slug, "title": edition.topic_title(topic).markdown, "url": url, "questions": []})
        topics[-1]["questions"].append(item.id)
        title_html = inline_html(item.title.markdown, render_markdown)
        questions.append({"id": item.id, "number": item.number,
                          "title_html": title_html, "title": _text_of(title_html), "lang": item.title.lang,
                          "topic": topic.slug, "url": f"{url}#{item.id}"})
    merged = {written: shown for written, shown in sorted(id_map.items()) if written != shown}
    return {"version": FORMAT_VERSION, "locale": edition.locale, "topics": topics, "questions": questions,
            "merged": merged}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _button(label: str, attribute: str) -> str:
    return f'<button type="button" class="qa-study-button" {attribute}>{_esc(label)}</button>'


NOSCRIPT = {
    "zh-Hant": "學習進度、自我測驗與標記需要啟用 JavaScript；標記只存在你的瀏覽器中。",
    "en": "Progress, self-test and marks need JavaScript; marks are kept in your browser only.",
}
TOPIC_HEADER = {"zh-Hant": "主題", "en": "Topic"}
REVIEW_PAGE = {
    "zh-Hant": {"title": "待複習", "manage": "管理標記",
                "intro": "在主題頁按頁首的「自我測驗」，每題都可以標記「已掌握」或「待複習」。"
                         "標記為「待複習」的題目列在這裡。標記只存在這個瀏覽器中，中英文版共用；"
                         "可以匯出成 JSON 檔，在另一台裝置匯入。"
                         "顯示答案後可以為自己評分（重來、困難、良好、簡單），本站以 FSRS 安排下次複習的日子；"
                         "今天到期的題目列在最前面。"},
    "en": {"title": "Review", "manage": "Your marks",
           "intro": "Turn on Self-test in the header of a topic page to mark each question \"Know it\" or \"Review\". "
                    "Questions marked for review are listed here. Marks are kept in this browser only and shared by "
                    "every edition; export them as a JSON file to import them on another device. Once an answer shows, rate "
                    "how well you recalled it (Again, Hard, Good, Easy): the site schedules the next review with FSRS, "
                    "and the questions due today come first here."},
}


def progress_html(data: dict, review_url: str) -> str:
    """The home page's progress block: a table of topics with known / review / not-yet counts.

    Args:
        data: :func:`study_data` of the locale (topics, their questions, the locale).
        review_url: link to the review page, relative to the home page (``review/``).

    Returns:
        An HTML fragment. Its ``data-qa-*`` attributes are filled in by ``study.js`` from the marks
        in the browser; the table and the actions are ``hidden`` until then, and a ``<noscript>``
        says why nothing shows without JavaScript.

    Raises:
        KeyError: ``data["locale"]`` is not an edition (the 简体中文 block is written with the Traditional
            words and converted with the page).
    """
    locale = words(data["locale"])
    labels = LABELS[locale]
    rows = []
    for topic in data["topics"]:
        total = len(topic["questions"])
        rows.append(f'<tr data-qa-topic="{_esc(topic["slug"])}"><th scope="row"><a href="{_esc(topic["url"])}">'
                    f'{_esc(topic["title"])}</a></th><td data-qa-count="known">0</td><td data-qa-count="review">0</td>'
                    f'<td data-qa-count="unmarked">{total}</td>'
                    f'<td><progress max="{total}" value="0" aria-hidden="true"></progress></td></tr>')
    head = "".join(f'<th scope="col">{_esc(text)}</th>' for text in
                   (TOPIC_HEADER[locale], labels["known"], labels["review"], labels["unmarked"]))
    return (f'<div class="qa-progress" data-qa-progress hidden>\n<table>\n<thead><tr>{head}<td></td></tr></thead>\n'
            f'<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n"
            f'<div data-qa-actions hidden>\n<p class="qa-due"><span data-qa-due-summary></span> '
            f'<a class="qa-study-button" href="{_esc(review_url)}" data-qa-due-link hidden>{_esc(labels["due_link"])}</a></p>\n'
            f'<p class="qa-study-actions">{_button(labels["random"], "data-qa-random")}\n'
            f'<a class="qa-study-button" href="{_esc(review_url)}">{_esc(REVIEW_PAGE[locale]["title"])}</a></p>\n'
            f'<p class="qa-study-status" role="status" data-qa-status></p>\n</div>\n'
            f"<noscript><p>{_esc(NOSCRIPT[locale])}</p></noscript>\n")


def review_page_markdown(locale: str) -> str:
    """The review page of one locale (``review/``, ``en/review/``) as Markdown with raw HTML.

    The list is filled by ``study.js`` from the marks in the browser and ``study.json``; the page
    also holds the random-question, export, import and reset actions.

    Raises:
        KeyError: ``locale`` is not in :data:`LABELS`.
    """
    labels, page = LABELS[locale], REVIEW_PAGE[locale]
    return (f"# {page['title']}\n\n{page['intro']}\n\n"
            '<div class="qa-review" data-qa-review hidden>\n'
            '<div class="qa-due" data-qa-due>\n<p data-qa-due-summary></p>\n'
            '<ul class="qa-review-list" data-qa-due-list hidden></ul>\n</div>\n'
            '<p data-qa-review-summary></p>\n<ul class="qa-review-list" data-qa-review-list hidden></ul>\n</div>\n\n'
            f"<noscript><p>{_esc(NOSCRIPT[locale])}</p></noscript>\n\n"
            f"## {page['manage']} {{#marks}}\n\n"
            '<div data-qa-actions hidden>\n<div class="qa-study-actions">\n'
            f'{_button(labels["random"], "data-qa-random")}\n{_button(labels["export"], "data-qa-export")}\n'
            '<span class="qa-study-import"><input type="file" id="qa-import" accept=".json,application/json" data-qa-import>'
            f'<label for="qa-import" class="qa-study-button">{_esc(labels["import"])}</label></span>\n'
            f'{_button(labels["reset"], "data-qa-reset")}\n</div>\n'
            '<p class="qa-study-status" role="status" data-qa-status></p>\n</div>\n')
