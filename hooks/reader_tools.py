"""Stage: reader tools beside study mode — focus mode's words, the source link, "report a problem" links.

Core: ``qa/reader.py``. :func:`page_config` (``on_page_context``) gives every page ``reader``: the
focus-mode words of its edition, in the edition's wording (``overrides/partials/header.html`` shows the
button, ``overrides/assets/javascripts/reader.js`` runs it). :func:`report_links` (``on_page_content``,
after the page went to the search worker, so the links are not indexed) adds under every question of a
topic page a link that opens a new issue at ``repo_url`` with the question's id — only when mkdocs.yml
sets ``repo_url`` (``REPO_URL`` in the environment). Material's own repository widget is replaced by a
plain link (``overrides/partials/source.html``): its script would ask the host's API for stars and
forks, a request to another host on every page.
"""
from __future__ import annotations

import regional_wording
from _state import BuildState

from qa.edition import words
from qa.reader import LABELS
from qa.reader import report_links as add_report_links


def labels(state: BuildState) -> dict[str, str]:
    """:data:`qa.reader.LABELS` of the pass's edition, in its wording (简体中文 converted)."""
    return regional_wording.data(LABELS[words(state.locale)], state)


def page_config(context: dict, state: BuildState) -> dict:
    """Give the page template ``context["reader"]`` (``{"labels": …}``)."""
    context["reader"] = {"labels": labels(state)}
    return context


def report_links(html: str, page, config, state: BuildState) -> str:
    """A topic page's body with a "report a problem" link under each question (unchanged when
    ``repo_url`` is not set or the page has no numbered question)."""
    repo = config.repo_url
    if not repo or "data-qa-number" not in html:
        return html
    page_url = (config.site_url or "/") + page.url
    return add_report_links(html, repo, page_url, labels(state))
