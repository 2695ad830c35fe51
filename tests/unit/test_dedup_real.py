"""qa.dedup on the real topic pages in docs/*.md."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.dedup import dedupe
from .dedup_checks import shown_questions, stubs
from qa.parse import parse_topic_page, split_front_matter

from .dedup_checks import assert_nothing_lost

DOCS = Path(__file__).resolve().parents[2] / "docs"


def topic_pages():
    pages = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta, _, _ = split_front_matter(text, path.name)
        if meta.get("kind") == "topic":
            pages.append(parse_topic_page(text, path.relative_to(DOCS).as_posix()))
    return pages


@pytest.fixture(scope="module")
def pages():
    return topic_pages()


@pytest.fixture(scope="module")
def result(pages):
    return dedupe(pages)


def test_counts(result):
    # the seed's 24 units show as 20 questions; every added question is shown, none merged (issue 25)
    from qa.metadata import original_ids
    originals = original_ids(Path(__file__).resolve().parents[2] / "content" / "seed-map.yml")
    ids = [q.id for g in result.groups for q in g.members]
    merged = {m.question.id for g in result.groups for m in g.merged}
    assert len(originals) == 24 and set(ids) <= originals
    assert result.units_in - len(originals) >= 100  # the added questions
    assert (result.units_in - result.units_shown, len(result.groups), len(merged)) == (4, 4, 4)


def test_groups_and_canonicals(result):
    groups = {g.canonical.id: sorted(m.question.id for m in g.merged) for g in result.groups}
    assert groups == {
        "deployment-considerations": ["deployment-considerations-brief"],
        "inference-speed": ["inference-speed-repeat"],
        "data-preprocessing": ["data-preprocessing-brief"],
        "multilingual-processing": ["multilingual-processing-repeat"],
    }


def test_longer_answers_are_canonical(result):
    for canonical in ("deployment-considerations", "data-preprocessing"):
        group = result.group_of(canonical)
        assert len(group.canonical.answer) > len(group.merged[0].question.answer)


def test_template_alike_evaluation_questions_stay_apart(result):
    assert result.group_of("evaluating-generation") is None
    assert result.group_of("domain-evaluation") is None


def test_brief_deployment_answer_sentences_are_carried(result):
    group = result.group_of("deployment-considerations")
    carried = [c.sentence for c in group.carried]
    assert {c.source.id for c in group.carried} == {"deployment-considerations-brief"}
    # In the brief answer only: the long answer speaks of load balancing, not of growing requests,
    # and of data privacy, not of unauthorised access.
    assert "**可擴展性**：應用需要能夠處理不斷增長的用戶請求。" in carried
    assert "需要採取適當的安全措施，防止未經授權的訪問和數據泄露。" in carried
    # Word for word in both answers: not carried.
    assert not any("雲端部署" in sentence for sentence in carried)


def test_identical_repeats_carry_nothing(result):
    assert result.group_of("inference-speed").carried == ()
    assert result.group_of("multilingual-processing").carried == ()


def test_nothing_is_lost(result):
    assert_nothing_lost(result)


def test_all_repeats_are_on_one_page_so_no_stubs(pages, result):
    assert all(entries == [] for entries in stubs(pages, result).values())
    assert len(shown_questions(pages, result)["applications.md"]) == 13 - 4
