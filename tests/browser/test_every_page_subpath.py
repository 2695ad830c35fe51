"""Every page of every edition loads clean when the site is published under a sub-path (issue 10, part 2).

``SITE_URL`` with a path, as on GitHub Pages project sites: the real site is built again for that
address (PDFs off: this test does not open them) and served under :data:`SUBPATH`, a missing address
answered with the edition's 404 page. The checks are those of ``test_every_page.py`` without axe (the
pages differ from the root build's only in their URLs): every page loads with no failed request, console
error or uncaught exception, and the header search finds on one page per template and edition.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_every_page import _serve, check_pages
from tests.conftest import ROOT, mkdocs_build

SUBPATH = "/llm-guide/"


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory) -> Path:
    """The real site built for publication under a sub-path (PDFs off: this test does not open them)."""
    out = tmp_path_factory.mktemp("subpath-site")
    env = {"SITE_URL": f"https://example.org{SUBPATH}", "HANDOUT": "0"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        build = mkdocs_build(ROOT / "mkdocs.yml", out)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert build.returncode == 0, build.output
    return out



@pytest.mark.browser
def test_every_page_loads_clean_under_a_sub_path(browser, subpath_site):
    httpd, base = _serve(subpath_site, SUBPATH)
    try:
        assert base.endswith(SUBPATH), base
        check_pages(browser, subpath_site, base, "light", axe=False)
    finally:
        httpd.shutdown()
