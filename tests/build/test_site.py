"""Build tests on the real site: topic pages, question ids, hosts, and nothing lost from the seed."""
from __future__ import annotations

import re

import pytest

from conftest import ERRATA, SEED
from htmltext import html_files, page_text, squash
from qa.seed_import import apply_errata, load_errata

pytestmark = pytest.mark.build

EXPECTED = {
    "applications": ["solving-application-problems", "hugging-face-transformers", "deployment-considerations",
                     "inference-speed", "data-preprocessing", "multilingual-processing", "choosing-an-llm",
                     "hyperparameter-tuning", "limited-resources"],
    "data-processing": ["noisy-imbalanced-data", "innovative-data-augmentation", "diverse-representative-data"],
    "training-deployment": ["distributed-training", "deployment-platforms", "monitoring-maintenance"],
    "evaluation": ["evaluating-generation", "explaining-decisions", "domain-evaluation"],
    "ethics": ["bias-and-misinformation", "social-employment-impact"],
}
ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def h2_ids(html: str) -> list[str]:
    article = html.split('<article', 1)[1].split("</article>", 1)[0]
    return re.findall(r'<h2[^>]*\sid="([^"]+)"', article)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_five_topic_pages_hold_their_questions(site, prefix):
    for slug, ids in EXPECTED.items():
        html = (site / prefix / slug / "index.html").read_text(encoding="utf-8")
        shown = h2_ids(html)
        for question_id in ids:
            assert question_id in shown, f"{prefix}{slug}: {question_id} missing"


def test_question_ids_are_explicit_english_and_unique(site):
    seen: dict[str, str] = {}
    for slug in EXPECTED:
        for question_id in h2_ids((site / slug / "index.html").read_text(encoding="utf-8")):
            assert ID_FORM.match(question_id), f"{slug}: id {question_id!r} is not an explicit English id"
            assert question_id not in seen, f"{question_id} on {slug} and {seen[question_id]}"
            seen[question_id] = slug
    assert len(seen) >= 20


def test_home_lists_topics_with_counts(site):
    text = page_text((site / "index.html").read_text(encoding="utf-8"))
    for title in ["實踐應用", "數據處理與增強", "模型訓練與部署", "模型評估與解釋", "倫理與社會影響"]:
        assert re.search(title + r"（\d+ 題）", text), title


def test_html_lang_per_locale(site):
    assert '<html lang="zh-Hant"' in (site / "applications" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (site / "en" / "index.html").read_text(encoding="utf-8")


EXTERNAL = re.compile(r'''(?:src|href|srcset|content)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)([^/"'\s>]+)''', re.I)
CSS_EXTERNAL = re.compile(r"""(?:@import|url\()\s*["']?(?:https?:)?//([^/"')\s]+)""", re.I)


def test_no_page_references_another_host(site):
    """No HTML or CSS file loads anything from another host (fonts, CDNs, analytics)."""
    offenders = []
    for path in html_files(site):
        html = path.read_text(encoding="utf-8")
        # links a reader may follow (<a href>) and the canonical/alternate <link>s are not loads
        loads = re.sub(r'<a\s[^>]*>', "", html)
        loads = re.sub(r'<link\s[^>]*rel="(?:canonical|alternate)"[^>]*>', "", loads)
        offenders += [(path.relative_to(site), host) for host in EXTERNAL.findall(loads)]
    for path in site.rglob("*.css"):
        offenders += [(path.relative_to(site), host) for host in CSS_EXTERNAL.findall(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders[:10]


def _seed_sentences() -> list[str]:
    """Every sentence of the seed (errata applied), with Markdown markers removed."""
    text = apply_errata(SEED.read_text(encoding="utf-8"), load_errata(ERRATA))
    sentences = []
    in_code = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            sentences.append(line)
            continue
        line = re.sub(r"^\s*(?:#+\s*|[-*]\s+|\d+\.\s+)", "", line)
        line = re.sub(r"^\s*(?:\d+\.\s+)", "", line)
        line = line.replace("**", "").replace("`", "")
        for sentence in re.split(r"(?<=[。！？；：])", line):
            if squash(sentence):
                sentences.append(sentence.strip())
    return sentences


def trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


def containment(sentence: str, grams: set[str]) -> float:
    own = trigrams(sentence)
    return len(own & grams) / len(own) if own else 1.0


def test_nothing_from_the_seed_is_lost(site):
    """Every sentence of the seed, errata applied, appears in the built Traditional Chinese HTML."""
    pages = [p for p in html_files(site) if not str(p.relative_to(site)).startswith("en/")]
    built = squash("".join(page_text(p.read_text(encoding="utf-8")) for p in pages))
    sentences = _seed_sentences()
    assert len(sentences) > 800
    # A sentence is present when its text is, whatever punctuation ends it, or — for a sentence the
    # dedup found inside a longer version ("…形式，以減少…" within "…形式（如 "running" -> "run"），以減少…")
    # — when at least 90% of its character trigrams are (the containment rule).
    built_grams = trigrams(built)
    missing = [s for s in sentences if squash(s).rstrip("。！？；：，") not in built
               and containment(squash(s).rstrip("。！？；：，"), built_grams) < 0.9]
    assert not missing, f"{len(missing)} sentences lost, e.g. {missing[:5]}"
