"""Property tests of qa.dedup on small random banks built from a pool of Chinese sentences."""
from __future__ import annotations

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.model import DedupResult
from qa.dedup import dedupe
from qa.carried import merged_answer
from qa.model import Question, TopicPage
from qa.normalize import fold_for_matching

from .dedup_checks import COVERED, assert_nothing_lost, trigrams

SUBJECTS = ["量化", "剪枝", "知識蒸餾", "LoRA 微調", "檢索增強生成", "提示工程", "批處理", "KV 快取", "混合精度訓練", "數據清洗"]
PREDICATES = ["可以降低推理延遲", "需要仔細評估對準確率的影響", "在資源有限時特別有用", "常與其他優化方法結合使用",
              "的實現成本取決於模型規模", "能改善長文本任務的表現"]
POOL = [f"{s}{p}。" for s in SUBJECTS for p in PREDICATES]
TITLES = ["如何加快大型語言模型的推理？", "微調 LLM 時如何節省顯存？", "如何讓 LLM 回答最新知識？",
          "LLM 應用上線前要做哪些評估？", "訓練數據的質量如何保證？", "如何降低 LLM 服務的成本？"]
OTHER_TITLES = ["面試官常問：模型優化有哪些手段？", "請談談你做過的效能調校工作。", "團隊如何選擇技術方案？"]
KINDS = ["exact", "subset", "other-title", "simplified", "superset", "numbered"]
PAGES = ["applications.md", "evaluation.md", "training-deployment.md"]
SETTINGS = settings(max_examples=50, deadline=None, database=None)


T2S = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return T2S.convert(text)


def answer_of(indices: list[int]) -> str:
    lines = [POOL[indices[0]]] + [f"* **要點**：{POOL[i]}" for i in indices[1:]]
    return "\n".join(lines)


@st.composite
def banks(draw) -> list[TopicPage]:
    """1–5 base units, then 0–6 repeats of various kinds, spread over up to three pages."""
    sentence = st.integers(0, len(POOL) - 1)
    bases = draw(st.lists(st.lists(sentence, min_size=2, max_size=8, unique=True), min_size=1, max_size=len(TITLES)))
    units = [(TITLES[n], indices) for n, indices in enumerate(bases)]
    for _ in range(draw(st.integers(0, 6))):
        base = draw(st.integers(0, len(bases) - 1))
        title, indices = units[base]
        kind = draw(st.sampled_from(KINDS))
        if kind == "subset":
            indices = draw(st.lists(st.sampled_from(indices), min_size=1, max_size=len(indices), unique=True))
        elif kind == "other-title":
            title = draw(st.sampled_from(OTHER_TITLES))
        elif kind == "superset":
            indices = indices + draw(st.lists(sentence.filter(lambda i, known=indices: i not in known), max_size=3, unique=True))
        elif kind == "numbered":
            title = f"{draw(st.integers(1, 30))}. {title}"
        units.append((to_simplified(title) if kind == "simplified" else title,
                      [-1 - i for i in indices] if kind == "simplified" else indices))
    placed: dict[str, list[Question]] = {path: [] for path in PAGES}
    for n, (title, indices) in enumerate(units):
        path = draw(st.sampled_from(PAGES))
        answer = to_simplified(answer_of([-1 - i for i in indices])) if indices[0] < 0 else answer_of(indices)
        line = 8 + 20 * len(placed[path])
        placed[path].append(Question(id=f"unit-{n}", title=title, answer=answer, page=path, line=line))
    return [TopicPage(path=path, slug=path[:-3], title=path, title_en=path, order=k, questions=questions)
            for k, (path, questions) in enumerate(placed.items())]


POOL_SIMPLIFIED = [to_simplified(sentence) for sentence in POOL]


def pool_sentences(text: str) -> set[int]:
    """Which sentences of :data:`POOL` ``text`` holds, word for word in either script."""
    return {i for i, (sentence, simplified) in enumerate(zip(POOL, POOL_SIMPLIFIED))
            if sentence in text or simplified in text}


def partition(result: DedupResult) -> set[frozenset[str]]:
    """The groups as sets of question ids (which unit is canonical left aside)."""
    return {frozenset(q.id for q in g.members) for g in result.groups}


def test_pool_sentences_are_too_far_apart_to_cover_one_another():
    """Premise of the word-for-word oracle below: no sentence of POOL is covered (>= 90 % of its folded
    3-grams) by all the other sentences together, even across the joins of an answer's lines. So the
    dedup may leave a pool sentence out of what it shows only if the sentence is there word for word."""
    folded = [fold_for_matching(sentence) for sentence in POOL]
    join = fold_for_matching("* **要點**：")
    for k, mine in enumerate(folded):
        others = [text for j, text in enumerate(folded) if j != k]
        grams = set().union(*(trigrams(text) for text in others))
        for tail in {text[-2:] for text in others}:  # consecutive lines of answer_of(): "<a>。\n* **要點**：<b>。"
            for head in {text[:2] for text in others}:
                grams |= trigrams(tail + join + head) | trigrams(tail + head)
        assert len(trigrams(mine) & grams) / len(trigrams(mine)) < COVERED, POOL[k]


@SETTINGS
@given(banks())
def test_no_sentence_is_lost(pages):
    result = dedupe(pages)
    assert_nothing_lost(result)
    # known by construction: every pool sentence of every member is shown word for word
    for group in result.groups:
        shown = pool_sentences(group.canonical.answer + "".join(c.sentence for c in group.carried))
        for member in group.members:
            missing = pool_sentences(member.answer) - shown
            assert not missing, (member.id, [POOL[i] for i in sorted(missing)])
    grouped = {q.id for g in result.groups for q in g.members}
    shown = [q for p in pages for q in p.questions if q.id not in grouped]
    assert result.units_shown == len(shown) + len(result.groups)
    assert result.units_in == sum(len(p.questions) for p in pages)


@SETTINGS
@given(banks())
def test_dedupe_of_its_own_output_changes_nothing(pages):
    result = dedupe(pages)
    dropped = {m.question.id for g in result.groups for m in g.merged}
    rebuilt = []
    for page in pages:
        questions = []
        for question in page.questions:
            if question.id in dropped:
                continue
            group = result.group_of(question.id)
            answer = merged_answer(group) if group is not None else question.answer
            questions.append(Question(id=question.id, title=question.title, answer=answer, page=page.path, line=question.line))
        rebuilt.append(TopicPage(path=page.path, slug=page.slug, title=page.title, title_en=page.title_en,
                                 order=page.order, questions=questions))
    again = dedupe(rebuilt)
    assert again.groups == ()
    assert again.units_in == again.units_shown == result.units_shown


def reordered(pages: list[TopicPage], random) -> list[TopicPage]:
    """The same units in another order: the page files renamed among themselves and the questions of
    each page shuffled (lines renumbered). dedupe() works in (page, line) order, so this changes the
    order in which it meets the units, which handing it the same pages in another list order does not."""
    names = [page.path for page in pages]
    random.shuffle(names)
    out = []
    for page, name in zip(pages, names):
        questions = list(page.questions)
        random.shuffle(questions)
        out.append(TopicPage(path=name, slug=name[:-3], title=page.title, title_en=page.title_en, order=page.order,
                             questions=[Question(id=q.id, title=q.title, answer=q.answer, page=name, line=8 + 20 * n)
                                        for n, q in enumerate(questions)]))
    return out


@SETTINGS
@given(banks(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_page_order(pages, random):
    """The same bank met in another order is split into the same groups, and shows the same sentences."""
    result, again = dedupe(pages), dedupe(reordered(pages, random))
    assert partition(again) == partition(result)
    assert again.units_shown == result.units_shown
    for group in result.groups:
        other = again.group_of(group.canonical.id)
        assert other is not None
        assert (pool_sentences(other.canonical.answer + "".join(c.sentence for c in other.carried))
                == pool_sentences(group.canonical.answer + "".join(c.sentence for c in group.carried)))
