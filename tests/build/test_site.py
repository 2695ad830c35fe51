"""Build tests on the real site: topic pages, question ids, hosts, and nothing lost from the seed."""
from __future__ import annotations

import re

import pytest

from conftest import ERRATA, ROOT, SEED, real_topic_pages, taiwan
from htmltext import html_files, page_text, squash
from qa.seed_import import apply_errata, load_errata, split_seed
from qa.source import read_yaml

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
        assert re.search(taiwan(title) + r"（\d+ 題）", text), title  # the Chinese edition's Taiwan wording


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


def _sentences(lines: list[str]) -> list[str]:
    """The sentences of Markdown lines as a reader sees them in the 繁體中文 edition: Markdown markers
    removed, prose in Taiwan wording (``taiwan``), code lines as written."""
    sentences = []
    in_code = False
    for line in lines:
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            sentences.append(line)
            continue
        line = re.sub(r"^\s*(?:#+\s*|[-*]\s+|\d+\.\s+)", "", line)
        line = re.sub(r"^\s*(?:\d+\.\s+)", "", line)
        line = taiwan(line.replace("**", "").replace("`", ""))
        for sentence in re.split(r"(?<=[。！？；：])", line):
            if squash(sentence):
                sentences.append(sentence.strip())
    return sentences


def _seed_units() -> list[tuple[str, list[str]]]:
    """Every question unit of the seed (errata applied) in seed order: its id (``content/seed-map.yml``,
    consumed in seed order as the import does) and its sentences (:func:`_sentences`), title included."""
    seed_map = read_yaml(ROOT / "content" / "seed-map.yml")
    ids: dict[str, list[str]] = {}
    for entry in seed_map["questions"]:
        ids.setdefault(entry["question"], []).append(entry["id"])
    text = apply_errata(SEED.read_text(encoding="utf-8"), load_errata(ERRATA))
    units = []
    for topic in split_seed(text, [t["name"] for t in seed_map["topics"]]):
        for unit in topic.units:
            units.append((ids[unit.question].pop(0), _sentences([unit.question, *unit.answer])))
    return units


def _seed_sentences() -> list[str]:
    """Every sentence of the seed (errata applied), as :func:`_sentences` gives them."""
    return [sentence for _, sentences in _seed_units() for sentence in sentences]


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


def _sections(site) -> dict[str, str]:
    """Question id → the squashed text readers see under its heading on its topic page (up to the next
    question), for every question heading and merged id of the 繁體中文 edition."""
    sections = {}
    for page in real_topic_pages():
        html = (site / page.slug / "index.html").read_text(encoding="utf-8")
        article = html.split("<article", 1)[1].split("</article>", 1)[0]
        parts = re.split(r'(?=<h2[^>]*\sid=")', article)
        for part in parts[1:]:
            qid = re.match(r'<h2[^>]*\sid="([^"]+)"', part).group(1)
            text = squash(page_text(part))
            sections[qid] = text
            for merged in re.findall(r'<div class="qa-merged" id="([^"]+)"', part):
                sections[merged] = text  # a merged repeat's anchor sits just above the next heading
    return sections


def test_each_original_question_keeps_every_sentence_under_its_own_heading(site):
    """Faithfulness per question (issue 25): each seed unit's sentences appear under the heading readers
    see for it — its own, or its dedup group's canonical — not merely somewhere on the site."""
    from qa.dedup import dedupe
    result = dedupe(real_topic_pages())
    shown_as = {q.id: g.canonical.id for g in result.groups for q in g.members}
    sections = _sections(site)
    units = _seed_units()
    assert len(units) == 24
    lost = []
    for qid, sentences in units:
        section = sections[shown_as.get(qid, qid)]
        grams = trigrams(section)
        for sentence in sentences:
            text = squash(sentence).rstrip("。！？；：，")
            if text not in section and containment(text, grams) < 0.9:
                lost.append(f"{qid}: {sentence}")
    assert not lost, f"{len(lost)} sentences not under their question, e.g. {lost[:5]}"


def test_the_faithfulness_check_fails_when_one_sentence_is_gone(site):
    """The per-question check is not vacuous: deleting one sentence of one answer from its section fails it."""
    units = dict(_seed_units())
    sections = _sections(site)
    qid = "hyperparameter-tuning"
    sentence = max(units[qid], key=len)
    text = squash(sentence).rstrip("。！？；：，")
    assert text in sections[qid]
    cut = sections[qid].replace(text, "")
    assert text not in cut and containment(text, trigrams(cut)) < 0.9
