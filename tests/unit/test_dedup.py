"""Unit tests of qa.dedup: one test per kind of repeat, with the expected groups written out."""
from __future__ import annotations

import json

import numpy as np
import pytest
from datasketch import MinHash

from qa.model import Carried, DedupResult, Group, Merged, Question, TopicPage
from qa.dedup import dedup_report, dedupe
from qa.similarity import gram_codes, gram_hash32, signature
from qa.carried import merged_answer
from qa.errors import ContentError
from qa.normalize import fold_for_matching

from .dedup_checks import shown_questions, stubs, trigrams

QUANT = """量化是將模型參數從 FP32 轉換為 INT8 或 INT4 等低精度格式的技術。
* **訓練後量化**：在訓練完成後直接量化權重，無需重新訓練，實現簡單。
* **量化感知訓練**：在訓練過程中模擬量化誤差，讓模型適應低精度表示。
量化可以顯著減少顯存佔用，並提高推理吞吐量。
但過度量化會導致精度下降，需要在效率和質量之間權衡。"""

RAG = """檢索增強生成（RAG）先從外部知識庫檢索相關文檔，再把文檔和問題一起交給模型生成答案。
* **檢索器**：通常使用向量數據庫和嵌入模型，找出與問題語義最接近的段落。
* **生成器**：大型語言模型根據檢索到的上下文組織答案，減少幻覺。
RAG 的優點是知識可以隨時更新，而不必重新訓練模型。
評估 RAG 系統時，要同時看檢索的召回率和生成答案的忠實度。"""

LORA = """LoRA 在凍結的預訓練權重旁加入低秩矩陣，只訓練這些新增的小矩陣。
* **參數效率**：可訓練參數通常不到原模型的百分之一。
* **部署方便**：多個任務可以共享同一個基礎模型，只切換各自的 LoRA 權重。
訓練時常見的超參數包括秩 r、縮放係數 alpha 和 dropout。
LoRA 與量化結合（QLoRA）可以在單張消費級顯卡上微調數十億參數的模型。"""

LORA_SIMPLIFIED = """LoRA 在冻结的预训练权重旁加入低秩矩阵，只训练这些新增的小矩阵。
* **参数效率**：可训练参数通常不到原模型的百分之一。
* **部署方便**：多个任务可以共享同一个基础模型，只切换各自的 LoRA 权重。
训练时常见的超参数包括秩 r、缩放系数 alpha 和 dropout。
LoRA 与量化结合（QLoRA）可以在单张消费级显卡上微调数十亿参数的模型。"""

EVAL_GENERATION = """評估生成任務要兼顧質量和多樣性兩個方面。
* **自動指標**：翻譯常用 BLEU 和 COMET，摘要常用 ROUGE 和 BERTScore。
* **多樣性指標**：Distinct-n 和 Self-BLEU 衡量輸出是否重複單調。
人工評估則邀請標註者按流暢度、忠實度和信息量打分。"""

EVAL_DOMAIN = """在醫療和法律等高風險領域，評估必須由領域專家參與。
* **專業基準**：使用 MedQA、法律考試題等領域數據集測量準確率。
* **風險審查**：檢查模型是否給出危險建議、捏造法條或洩露隱私。
部署前還要做紅隊測試，並建立人工複核和責任追溯機制。"""

T_QUANT = "什麼是模型量化？有哪些常見方法？"
T_RAG = "什麼是檢索增強生成（RAG）？它如何減少幻覺？"
T_LORA = "如何使用 LoRA 高效微調大型語言模型？"
T_EVAL_GEN = "如何評估 LLM 在生成任務（如翻譯、摘要）中的質量和多樣性？"
T_EVAL_DOMAIN = "如何評估 LLM 在特定領域（如醫療、法律）的表現和潛在風險？"


def page(path: str, *units: tuple) -> TopicPage:
    """A topic page holding ``units``: (id, title, answer) or (id, title, answer, canonical)."""
    questions, line = [], 8
    for unit in units:
        uid, title, answer, *marked = unit
        questions.append(Question(id=uid, title=title, answer=answer, page=path, line=line,
                                  canonical=bool(marked and marked[0])))
        line += answer.count("\n") + 4
    return TopicPage(path=path, slug=path.removesuffix(".md"), title=path, title_en=path, order=1, questions=questions)


def groups_of(result: DedupResult) -> list[tuple[str, list[str]]]:
    """Groups as (canonical id, [merged ids])."""
    return [(g.canonical.id, [m.question.id for m in g.merged]) for g in result.groups]


def only_group(result: DedupResult) -> Group:
    assert len(result.groups) == 1, groups_of(result)
    return result.groups[0]


def test_exact_repeat():
    pages = [page("a.md", ("quant", T_QUANT, QUANT), ("rag", T_RAG, RAG), ("quant-again", T_QUANT, QUANT))]
    result = dedupe(pages)
    assert groups_of(result) == [("quant", ["quant-again"])]
    group = only_group(result)
    assert group.merged[0] == Merged(pages[0].questions[2], 1.0, 1.0, "same-question")
    assert group.carried == ()
    assert (result.units_in, result.units_shown) == (3, 2)


def test_width_punctuation_and_spacing_differences():
    variant = "如何使用ＬｏＲＡ高效微調大型語言模型?"
    answer = LORA.replace("，", ", ").replace("。", ". ")
    result = dedupe([page("a.md", ("lora", T_LORA, LORA), ("lora-width", variant, answer))])
    assert groups_of(result) == [("lora", ["lora-width"])]
    assert result.groups[0].merged[0].reason == "same-question"
    assert result.groups[0].carried == ()


def test_numbering_prefix():
    result = dedupe([page("a.md", ("q7", "7. " + T_RAG, RAG), ("q3", "Q3：" + T_RAG, RAG), ("lora", T_LORA, LORA))])
    assert groups_of(result) == [("q7", ["q3"])]


def test_simplified_vs_traditional():
    result = dedupe([page("a.md", ("lora", T_LORA, LORA), ("lora-zh-hans", "如何使用 LoRA 高效微调大型语言模型？", LORA_SIMPLIFIED))])
    assert groups_of(result) == [("lora", ["lora-zh-hans"])]
    merged = result.groups[0].merged[0]
    assert (merged.title_score, merged.answer_score, merged.reason) == (1.0, 1.0, "same-question")
    assert result.groups[0].carried == ()


def test_expanded_answer_long_is_canonical_and_short_extras_are_carried():
    extra = "實務上建議先用 GPTQ 或 AWQ 工具試驗，再決定量化位數。"
    brief = "\n".join(QUANT.splitlines()[:2]) + "\n" + extra
    long = QUANT + "\n* **混合精度**：對敏感層保留高精度，其餘層量化。\n量化後必須在驗證集上重新評估。"
    pages = [page("a.md", ("quant-brief", T_QUANT, brief), ("rag", T_RAG, RAG), ("quant", T_QUANT, long))]
    result = dedupe(pages)
    assert groups_of(result) == [("quant", ["quant-brief"])]
    group = result.groups[0]
    assert group.carried == (Carried(extra, pages[0].questions[0], 2),)
    assert merged_answer(group) == long + "\n\n" + extra


def test_reworded_question_with_the_same_answer():
    original = "你如何處理 LLM 的推理速度問題，以確保實時性要求？"
    reworded = "如何加快 LLM 的推理速度，以滿足實時性要求？"
    answer = QUANT + "\n批處理和 KV 快取也能提升吞吐量。"
    brief = QUANT  # the reworded question's answer is the same, minus one sentence
    result = dedupe([page("a.md", ("speed", original, answer), ("rag", T_RAG, RAG), ("speed-reworded", reworded, brief))])
    assert groups_of(result) == [("speed", ["speed-reworded"])]
    merged = result.groups[0].merged[0]
    assert merged.reason == "near-repeat" and 0.55 <= merged.title_score < 1.0 and merged.answer_score == 1.0


def test_same_answer_under_another_question():
    result = dedupe([page("a.md", ("rag", T_RAG, RAG), ("quant", T_QUANT, QUANT),
                          ("knowledge-base", "怎樣讓模型回答最新的公司內部知識？", RAG))])
    assert groups_of(result) == [("rag", ["knowledge-base"])]
    merged = result.groups[0].merged[0]
    assert merged.reason == "same-answer" and merged.title_score < 0.55 and merged.answer_score == 1.0


def test_template_alike_questions_stay_apart():
    result = dedupe([page("evaluation.md", ("evaluating-generation", T_EVAL_GEN, EVAL_GENERATION),
                          ("domain-evaluation", T_EVAL_DOMAIN, EVAL_DOMAIN))])
    assert result.groups == ()
    assert (result.units_in, result.units_shown) == (2, 2)


def test_reworded_question_alone_is_not_a_repeat():
    # Similar titles (ratio >= 0.55) but different answers.
    result = dedupe([page("a.md", ("lora", T_LORA, LORA), ("lora-cost", "如何使用 LoRA 低成本微調大型語言模型？", QUANT))])
    assert result.groups == ()


def test_cross_page_repeat_gets_a_stub_same_page_repeat_does_not():
    # Equal answers: the canonical is the first in (page path, line) order, "lora" on a-training.md.
    pages = [
        page("b-applications.md", ("rag", T_RAG, RAG), ("lora-elsewhere", T_LORA, LORA)),
        page("a-training.md", ("lora", T_LORA, LORA), ("lora-same-page", T_LORA, LORA)),
    ]
    result = dedupe(pages)
    assert groups_of(result) == [("lora", ["lora-same-page", "lora-elsewhere"])]
    rag, elsewhere = pages[0].questions
    lora, same_page = pages[1].questions
    assert stubs(pages, result) == {"b-applications.md": [(elsewhere, lora)], "a-training.md": []}
    assert shown_questions(pages, result) == {"b-applications.md": [rag], "a-training.md": [lora]}
    assert result.group_of("lora-elsewhere") is result.group_of("lora") is result.groups[0]
    assert result.group_of("rag") is None


def test_group_of_three():
    brief = "\n".join(RAG.splitlines()[:3])
    pages = [
        page("a.md", ("rag-brief", T_RAG, brief), ("quant", T_QUANT, QUANT)),
        page("b.md", ("rag", T_RAG, RAG)),
        page("c.md", ("knowledge-base", "怎樣讓模型回答最新的公司內部知識？", brief)),
    ]
    result = dedupe(pages)
    assert groups_of(result) == [("rag", ["rag-brief", "knowledge-base"])]
    assert {m.question.id: m.reason for m in result.groups[0].merged} == {
        "rag-brief": "same-question", "knowledge-base": "same-answer"}
    assert (result.units_in, result.units_shown) == (4, 2)
    assert stubs(pages, result)["c.md"] == [(pages[2].questions[0], pages[1].questions[0])]


def test_maintainer_marked_canonical_wins_over_the_longer_answer():
    brief = "\n".join(QUANT.splitlines()[:3])
    pages = [page("a.md", ("quant", T_QUANT, QUANT), ("quant-short", T_QUANT, brief, True))]
    result = dedupe(pages)
    assert groups_of(result) == [("quant-short", ["quant"])]
    assert [c.sentence for c in result.groups[0].carried] == QUANT.splitlines()[3:]


def test_two_marked_canonicals_in_one_group_is_a_content_error():
    pages = [page("a.md", ("rag", T_RAG, RAG, True)), page("b.md", ("lora", T_LORA, LORA), ("rag-again", T_RAG, RAG, True))]
    with pytest.raises(ContentError) as error:
        dedupe(pages)
    second = pages[1].questions[1]
    assert (error.value.path, error.value.line) == ("b.md", second.line)
    assert "rag-again" in str(error.value) and "rag" in error.value.message


def test_marked_canonical_outside_any_group_is_fine():
    assert dedupe([page("a.md", ("rag", T_RAG, RAG, True), ("lora", T_LORA, LORA, True))]).groups == ()


def test_report_is_json_ready():
    brief = "\n".join(QUANT.splitlines()[:2]) + "\n額外的一句新內容在這裡。"
    pages = [page("a.md", ("quant-brief", T_QUANT, brief)), page("b.md", ("quant", T_QUANT, QUANT))]
    # answer_score by its definition: the share of the smaller answer's folded 3-grams found in the
    # larger's (computed here, not read back from the report); the report rounds scores to 3 decimals
    small, large = sorted((trigrams(fold_for_matching(brief)), trigrams(fold_for_matching(QUANT))), key=len)
    answer_score = len(small & large) / len(small)
    assert 0.5 < answer_score < 1.0  # the brief version's new sentence is not in the long one
    report = dedup_report(dedupe(pages))
    assert json.loads(json.dumps(report, ensure_ascii=False)) == report
    assert report == {
        "units_in": 2, "units_shown": 1,
        "groups": [{
            "canonical": "quant", "canonical_file": "b.md", "canonical_line": 8,
            "merged": [{"id": "quant-brief", "file": "a.md", "line": 8, "title_score": 1.0,
                        "answer_score": round(answer_score, 3), "reason": "same-question"}],
            "carried": [{"sentence": "額外的一句新內容在這裡。", "from_id": "quant-brief", "from_file": "a.md", "from_line": 8}],
        }],
        "kept_apart": [],
    }


def test_report_names_the_candidate_pairs_kept_apart_and_why():
    # a shared long sentence makes the pair a candidate; the titles and the rest of the answers differ
    other = QUANT.splitlines()[0] + "\n" + "剪枝移除不重要的權重，結構化剪枝刪掉整個通道或注意力頭，非結構化剪枝把個別權重設為零。" * 2
    pages = [page("a.md", ("quant", T_QUANT, QUANT)), page("b.md", ("prune", "如何剪枝一個模型？", other))]
    report = dedup_report(dedupe(pages))
    assert report["units_shown"] == 2
    [pair] = report["kept_apart"]
    assert pair["ids"] == ["quant", "prune"] and pair["files"] == ["a.md:8", "b.md:8"]
    assert pair["title_score"] < 0.55 and pair["answer_score"] < 0.9
    assert pair["why"].startswith("titles differ; not near-repeat (titles ")


def test_empty_input():
    result = dedupe([])
    assert (result.groups, result.units_in, result.units_shown) == ((), 0, 0)


def test_signature_equals_datasketch_minhash():
    codes = gram_codes("量化是將模型參數從fp32轉換為int8")
    reference = MinHash(num_perm=64, seed=1, scheme="affine32", hashfunc=gram_hash32)
    reference.update_batch(codes.tolist())
    assert np.array_equal(signature(codes, 64), reference.hashvalues)


def test_band_index_finds_what_datasketch_minhash_lsh_finds():
    """qa.dedup's own LSH banding (no SciPy import in the build) returns datasketch MinHashLSH's candidates."""
    from datasketch import MinHashLSH

    from qa.similarity import Bands
    from .dedup_checks import minhash

    rng = np.random.default_rng(7)
    base = rng.integers(1, 2**40, 60, dtype=np.uint64)
    sets = [np.unique(np.concatenate([base[: rng.integers(5, 60)], rng.integers(1, 2**40, rng.integers(0, 30), dtype=np.uint64)]))
            for _ in range(40)]
    ours, theirs = Bands(10, 6), MinHashLSH(num_perm=60, params=(10, 6))
    for key, codes in enumerate(sets):
        ours.insert(key, signature(codes, 60))
        theirs.insert(key, minhash(codes, 60))
    for key in range(0, 40, 3):
        ours.remove(key)
        theirs.remove(key)
    for codes in sets:
        assert ours.query(signature(codes, 60)) == set(theirs.query(minhash(codes, 60)))
