"""Build tests of the dedup hook: the real site's figures, a cross-page repeat, and rebuilds."""
from __future__ import annotations

import json
import logging
import re

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT, fixture_site, mkdocs_build, taiwan
from htmltext import page_text, squash
from qa.edition import CARRIED_STRINGS

pytestmark = pytest.mark.build


def test_real_site_shows_each_question_once(site):
    # the maintainers' report is written next to mkdocs.yml, not published with the site
    assert not list(site.rglob("dedup-report.json"))
    report = json.loads((ROOT / ".cache" / "dedup-report.json").read_text(encoding="utf-8"))
    # the seed's 24 units show as 20 questions; the added questions are all shown (none merged)
    assert (report["units_in"] - report["units_shown"], len(report["groups"])) == (4, 4)
    groups = {g["canonical"]: {m["id"] for m in g["merged"]} for g in report["groups"]}
    assert groups == {
        "deployment-considerations": {"deployment-considerations-brief"},
        "inference-speed": {"inference-speed-repeat"},
        "data-preprocessing": {"data-preprocessing-brief"},
        "multilingual-processing": {"multilingual-processing-repeat"},
    }
    html = (site / "applications" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2[^>]*\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) == 9  # the page holds only original questions
    # the brief deployment answer's uncovered sentences are shown under the long answer
    deployment = html.split('id="deployment-considerations"', 1)[1].split("<h2", 1)[0]
    assert taiwan(CARRIED_STRINGS["zh-Hant"]["label"]) in deployment
    carried = [c["sentence"] for g in report["groups"] if g["canonical"] == "deployment-considerations" for c in g["carried"]]
    assert carried
    text = squash(page_text(deployment))
    for sentence in carried:
        assert squash(taiwan(re.sub(r"[*`]", "", sentence))) in text
    # old links to a merged repeat still land on the question
    assert 'id="deployment-considerations-brief"' in html


CROSS_A = ("---\nkind: topic\ntitle: 甲\ntitle_en: A\norder: 1\n---\n\n"
           "## 什麼是知識蒸餾？ {#distillation data-en=\"What is distillation?\"}\n\n"
           "知識蒸餾用大模型的輸出訓練小模型。學生模型模仿教師模型，常以軟標籤計算損失並調整溫度參數。\n\n"
           "## 什麼是量化？ {#quantization data-en=\"What is quantization?\"}\n\n量化把參數換成低精度數據類型。\n")
CROSS_B = ("---\nkind: topic\ntitle: 乙\ntitle_en: B\norder: 2\n---\n\n"
           "## 什麼是 知識蒸餾？ {#distillation-again data-en=\"What is distillation?\"}\n\n"
           "知識蒸餾用大模型的輸出訓練小模型。它常用於部署。\n")


def test_cross_page_repeat_becomes_a_link_and_keeps_its_sentences(tmp_path):
    result = mkdocs_build(fixture_site(tmp_path, {"index.md": "# 首頁\n", "a.md": CROSS_A, "b.md": CROSS_B}), tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "dedup: 3 units in, 2 questions shown, 1 groups merged" in result.output
    b = (tmp_path / "site" / "b" / "index.html").read_text(encoding="utf-8")
    assert 'id="distillation-again"' in b and 'href="../a/#distillation"' in b
    assert "知識蒸餾用大模型的輸出訓練小模型" not in b  # the answer itself is not repeated here
    a = (tmp_path / "site" / "a" / "index.html").read_text(encoding="utf-8")
    assert taiwan(CARRIED_STRINGS["zh-Hant"]["label"]) in a and "它常用於部署" in a  # the sentence only the repeat had is carried over


def test_rebuild_in_one_process_picks_up_edits(tmp_path):
    """`mkdocs serve` rebuilds in one process with the hook modules loaded: no state may go stale."""
    config_path = fixture_site(tmp_path, {"index.md": "# 首頁\n", "a.md": CROSS_A})
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    def build_once() -> dict:
        config = load_config(str(config_path), site_dir=str(tmp_path / "site"))
        build(config)
        return json.loads((tmp_path / ".cache" / "dedup-report.json").read_text(encoding="utf-8"))

    assert build_once()["units_shown"] == 2
    (tmp_path / "docs" / "b.md").write_text(CROSS_B, encoding="utf-8")
    second = build_once()
    assert (second["units_in"], second["units_shown"], len(second["groups"])) == (3, 2, 1)
    (tmp_path / "docs" / "b.md").unlink()
    assert build_once()["groups"] == []
