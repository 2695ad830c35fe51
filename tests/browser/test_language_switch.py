"""The language switcher keeps the reader on the same question."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def switch_language(page, language: str) -> None:
    """Open Material's language menu in the header and click the named edition, as a reader would."""
    page.locator(".md-header__option .md-select").first.hover()
    page.get_by_role("link", name=language, exact=True).click()
    page.wait_for_load_state("load")


def test_switcher_keeps_the_linked_question(server, page_at):
    page = page_at(1280)
    page.goto(server + "/applications/#inference-speed")
    switch_language(page, "English")
    assert page.url == server + "/en/applications/#inference-speed"
    heading = page.locator("h2#inference-speed")
    assert heading.inner_text().startswith("How do you handle LLM inference speed")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < 400, "the question is not in view after switching"


def test_switcher_keeps_the_question_scrolled_to(server, page_at):
    page = page_at(1280)
    page.goto(server + "/en/applications/")
    page.locator("h2#hyperparameter-tuning").evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 80)")
    switch_language(page, "繁體中文")
    assert page.url == server + "/applications/#hyperparameter-tuning"
    assert page.locator("h2#hyperparameter-tuning").inner_text().startswith("如何有效地調整 LLM 的超參數")
