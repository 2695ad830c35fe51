/* Header search over the per-question Pagefind index (hooks/search_index.py; adr/0001-search.md).
 *
 * The query is folded and split exactly as the index text was (qa/search.py): each character
 * through the folding table in qa-search.json, full-width ASCII to ASCII, lower case; Chinese runs
 * split into the longest indexed words (unknown characters stay single, they are indexed one by one
 * too); punctuation dropped. A Latin word that begins no indexed word is replaced by the nearest
 * indexed word (edit distance 1, or 2 for words of 6+ letters: optimisation → optimization,
 * distilation → distillation) and the list says so. Pagefind then ranks the question records (a bank
 * larger than qa/search_bundle.py SHARD_SIZE is several indexes, listed in qa-shards.json and searched
 * as one with Pagefind's mergeIndex); a Chinese query of several words ranks, among the first ten
 * results (whose data is read to show them anyway), the questions that write it as one phrase first.
 *
 * The box is a WAI-ARIA combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): the input
 * keeps focus, arrows move aria-activedescendant through the listbox's options, Enter follows the
 * active (else the first) result, Escape closes. While the dialog is open Tab stays inside it (the box,
 * the reset button, and the results area, a scrollable region that keyboard users can scroll when the
 * list is taller than the screen: axe's scrollable-region-focusable at 1280 x 720); while it is closed
 * its results area is inert. The Enter that confirms an IME composition never opens a
 * result (isComposing, or keyCode 229 as Safari sends it after compositionend). Results come in
 * pages of ten; the last option loads the next ten. Each result shows its topic.
 * A result link carries ?h=<the words as the page writes them>; on arrival those words are marked
 * in the target question's section (for a hit through a term's English name, its Chinese form).
 *
 * Layout: pure parts over an engine `e` (makeEngine: Pagefind and qa-search.json's data) come first:
 * reading the query (queryWords and its helpers), searching and ranking (find, wordSearches, ranked,
 * partialResults) and one result's list item (item); then setup(), the box: its elements, one `state`
 * object (engine, latest run, list on screen, broad wait, run loop), the combobox, run() and the events.
 */
(() => {
  "use strict";
  const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  const RUN = new RegExp(`[${CJK}]+|[a-z0-9][a-z0-9+#_.\\-]*[a-z0-9+#]|[a-z0-9]`, "g");
  const IS_CJK = new RegExp(`[${CJK}]`);
  const PAGE = 10;   // results per page of the list
  const BROAD_WAIT = 100; // ms a broad query waits for the next keystroke on a sharded index (see broad())
  // results reordered so titles that write the query come first (adr/0001-search.md, issue 26); each costs a
  // fragment request, so a large (sharded) bank, whose words already load a chunk from every shard, reorders
  // its first page only, and a one-index bank its first two
  const RERANK = 2 * PAGE, RERANK_SHARDED = PAGE;
  const SOFT = 0.25; // weight of a dropped question word the index has (a query's word weighs 1 × its rarity)
  const WORDS = 16;  // words of a long query searched one by one (a pasted paragraph)

  function foldChar(ch, table) {
    if (table && table[ch]) return table[ch];
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) ch = " ";
    const low = ch.toLowerCase();
    return low.length === 1 ? low : ch;
  }
  /* Same as qa.search.encode: "q" + each code point as 5 digits + "z" (Pagefind keeps the token whole;
     the "z" keeps it from prefix-matching the longer words the same characters begin). */
  const encode = (word) => "q" + Array.from(word, (ch) => String(ch.codePointAt(0)).padStart(5, "0")).join("") + "z";
  const fold = (text, table) => Array.from(text, (ch) => foldChar(ch, table)).join("");
  const reEscape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const isLatin = (w) => /^[a-z0-9]/.test(w);

  /* Highlight on arrival: mark the ?h= words inside the target question's section (Latin words whole). */
  function highlight() {
    const params = new URLSearchParams(location.search);
    const words = params.getAll("h").filter((w) => w.trim());
    if (!words.length) return;
    const article = document.querySelector("article");
    if (!article) return;
    let id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* a malformed % (typed or cut off): the hash as written */ }
    const target = id && document.getElementById(id);
    const nodes = [];
    if (target && target.tagName === "H2") {
      for (let el = target; el && !(el !== target && el.tagName === "H2"); el = el.nextElementSibling) nodes.push(el);
    } else nodes.push(article);
    const source = words.map((w) => /^[\x00-\x7f]+$/.test(w) ? `(?<![A-Za-z0-9])${reEscape(w)}(?![A-Za-z0-9])` : reEscape(w));
    const pattern = new RegExp(source.join("|"), "gi");
    for (const root of nodes) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      for (const node of texts) {
        if (node.parentElement.closest("mark, script, style, .headerlink")) continue;
        const value = node.nodeValue;
        pattern.lastIndex = 0;
        if (!pattern.test(value)) continue;
        pattern.lastIndex = 0;
        const frag = document.createDocumentFragment();
        let last = 0;
        for (const m of value.matchAll(pattern)) {
          frag.append(value.slice(last, m.index));
          const mark = document.createElement("mark");
          mark.dataset.mdHighlight = "";
          mark.textContent = m[0];
          frag.append(mark);
          last = m.index + m[0].length;
        }
        frag.append(value.slice(last));
        node.replaceWith(frag);
      }
    }
  }

  /* Optimal string alignment distance of a and b, or limit + 1 once it exceeds limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let prev2 = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        best = Math.min(best, d);
      }
      if (best > limit) return limit + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  /* ---- The query and its results, over the engine `e` that setup's load() makes from Pagefind and
     qa-search.json: reading the query (folding, index words, corrections), searching each word, ranking,
     and one result's list item. No state of their own. ---- */

  /* Does some indexed Latin word begin with w? (binary search in the sorted list) */
  function begins(e, w) {
    let lo = 0, hi = e.latin.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (e.latin[mid] < w) lo = mid + 1; else hi = mid; }
    return lo < e.latin.length && e.latin[lo].startsWith(w);
  }
  /* The indexed Latin word nearest to w, or null (see the file comment for the limits). */
  function nearest(e, w) {
    if (w.length < 4 || /\d/.test(w)) return null;
    const limit = w.length >= 6 ? 2 : 1;
    let best = null, bestD = limit + 1;
    for (const candidate of e.latin) {
      if (candidate.length < 3 || /\d/.test(candidate)) continue;
      const d = distance(w, candidate, Math.min(limit, bestD));
      if (d < bestD || (d === bestD && best && candidate[0] === w[0] && best[0] !== w[0])) { best = candidate; bestD = d; }
    }
    return bestD <= limit ? best : null;
  }

  /* The searched words as the reader typed them (the folded form is the index's: 減少 was folded to 减少):
     each word's first place in the folded query, read in the query itself (folding is one character for
     one), else the word as searched (a corrected or synonym word). */
  function asTyped(words, query, e) {
    const typed = Array.from(query), folded = Array.from(fold(query, e.table));
    return words.map((word) => {
      const w = Array.from(word);
      for (let i = 0; i + w.length <= folded.length; i++) {
        if (w.every((ch, k) => folded[i + k] === ch)) return typed.slice(i, i + w.length).join("");
      }
      return word;
    }).join(" ");
  }

  /* A Latin word's base form the index holds (faster → fast, jobs → job, deploying → deploy), or null. */
  function stem(e, w) {
    const tries = [];
    for (const [end, put] of [["ies", "y"], ["es", ""], ["s", ""], ["ing", ""], ["ing", "e"], ["ed", ""], ["ed", "e"],
      ["er", ""], ["er", "e"], ["est", ""], ["ly", ""]]) {
      if (w.length > end.length + 2 && w.endsWith(end)) tries.push(w.slice(0, -end.length) + put);
    }
    for (const t of tries) {
      if (e.known.has(t)) return t;
      if (t.length > 2 && t[t.length - 1] === t[t.length - 2] && e.known.has(t.slice(0, -1))) return t.slice(0, -1); // bigger → big
    }
    return null;
  }

  /* A reader's words → the answers' words: each synonym form the index lacks (content/search-words.yml),
     longest first, becomes its group's first form. Latin forms only as whole words. A form the index has
     stays, and is put in `alts` (form → the group's first form) to be searched as well. */
  function synonymsApplied(folded, e, alts) {
    let out = folded;
    for (const [form, target] of e.synonyms) {
      if (!out.includes(form)) continue;
      // a form the answers write is searched as it is (上線 finds the answer that says 上線), and its
      // group's first form as well (pick → choose: the title says choose)
      if (e.words.has(form) || e.known.has(form)) { alts.set(form, target); continue; }
      if (/^[a-z0-9 -]+$/.test(form)) out = out.replace(new RegExp(`(?<![a-z0-9])${reEscape(form)}(?![a-z0-9])`, "g"), target);
      else out = out.split(form).join(target);
    }
    return out;
  }

  /* A run of characters the index has no word for (each stays single) → the index word of the same
     sound, longest window first (分步式 → 分布式, 預處裡 → 预处理), as [start, length, word]. */
  function soundFixes(chars, e) {
    const out = [];
    for (let i = 0; i < chars.length;) {
      let hit = null;
      for (let n = Math.min(6, chars.length - i); n >= 2 && !hit; n--) {
        // a window never begins or ends with a question word (快取 + 是 → 取是 → 趋势, 積 + 能 → 技能)
        if (e.stop.has(chars[i]) || e.stop.has(chars[i + n - 1])) continue;
        const key = chars.slice(i, i + n).map((ch) => e.sounds[ch]);
        if (!key.every(Boolean)) continue;
        const word = e.bySound.get(key.join(" "));
        if (word && word !== chars.slice(i, i + n).join("")) hit = [i, n, word];
      }
      if (hit) { out.push(hit); i += hit[1]; } else i++;
    }
    return out;
  }

  /* Query text → {tokens, plain words, the corrections made ([as typed, as searched]), the question
     words dropped, alts (a plain word → its synonym group's first form, searched as well), soft (the
     dropped question words the index has as words of their own: 解釋, 不同, work; they never make a
     result, they only weigh a little in the ranking: 點樣解釋 LLM 點解會咁樣答)}. */
  function queryWords(query, e) {
    const tokens = [], plain = [], fixed = [], dropped = [], soft = [];
    const alts = new Map();
    for (const [run] of synonymsApplied(fold(query, e.table), e, alts).matchAll(RUN)) {
      if (!IS_CJK.test(run[0])) {
        // "q" followed by digits is the prefix of every Chinese word's token (qa/search.py encode):
        // searched as a prefix it would match the whole index, and it is no English word a reader
        // means, so it is skipped (e.g. the "q" typed first in "quantization").
        if (/^q\d*z?$/.test(run)) continue;
        if (e.stopLatin.has(run)) { dropped.push(run); if (run.length >= 4 && e.known.has(run)) soft.push(run); continue; }
        let word = run;
        if (!e.known.has(word) && !begins(e, word)) {
          const base = stem(e, word);
          const near = base ? null : nearest(e, word);
          if (base) word = base;
          else if (near) { fixed.push([word, near]); word = near; }
        }
        tokens.push(word);
        plain.push(word);
        continue;
      }
      // the longest index (or question) word at each place; characters left single may be a typo
      const pieces = [];
      for (let i = 0; i < run.length;) {
        let n = Math.min(e.longest, run.length - i);
        while (n > 1 && !e.words.has(run.slice(i, i + n)) && !e.stop.has(run.slice(i, i + n))) n--;
        pieces.push(run.slice(i, i + n));
        i += n;
      }
      const words = [];
      for (let i = 0; i < pieces.length;) {
        if (pieces[i].length > 1) { words.push(pieces[i]); i++; continue; }
        // a stretch of single characters (a typo leaves its word's characters single; 和 in 混和 too),
        // with the word before it when that word may hold the typo's first half (自注意 + 利 → 自注意力)
        let j = i;
        while (j < pieces.length && pieces[j].length === 1) j++;
        const before = words.length && i > 0 && pieces[i - 1].length > 1 && !e.stop.has(pieces[i - 1]) ? pieces[i - 1] : "";
        const chars = [...Array.from(before), ...pieces.slice(i, j)];
        const fixes = soundFixes(chars, e);
        const lead = before.length;
        if (lead && !(fixes.length && fixes[0][0] < lead && fixes[0][0] + fixes[0][1] > lead)) {
          fixes.splice(0, fixes.length, ...soundFixes(chars.slice(lead), e).map(([start, n, word]) => [start + lead, n, word]));
        } else if (lead) words.pop();
        let k = lead && fixes.length && fixes[0][0] < lead ? fixes[0][0] : lead;
        if (k > 0 && k < lead) words.push(chars.slice(0, k).join("")); // the part of the word before the typo
        for (const [start, n, word] of fixes) {
          words.push(...chars.slice(k, start), word);
          fixed.push([chars.slice(start, start + n).join(""), word]);
          k = start + n;
        }
        words.push(...chars.slice(k));
        i = j;
      }
      for (const w of words) {
        if (e.stop.has(w)) { dropped.push(w); if (w.length > 1 && e.words.has(w)) soft.push(w); continue; }
        tokens.push(encode(w));
        plain.push(w);
      }
    }
    for (const form of [...alts.keys()]) if (!plain.includes(form) || alts.get(form) === form) alts.delete(form);
    return { tokens, plain, fixed, dropped, alts, soft: [...new Set(soft)] };
  }

  /* The Chinese forms of the glossary terms whose English name the Latin words of the query spell,
     or whose Chinese alias (資料清理, 品質) the query holds. */
  function conceptForms(latinWords, folded, e) {
    const out = [];
    for (const [key, forms] of Object.entries(e.concepts)) {
      if (IS_CJK.test(key)) { if (folded.includes(key)) out.push(...forms); continue; }
      if (!latinWords.length) continue;
      const parts = key.split(" ");
      if (parts.every((p) => latinWords.some((w) => p.startsWith(w))) && latinWords.every((w) => parts.some((p) => p.startsWith(w)))) {
        out.push(...forms);
      }
    }
    return [...new Set(out)];
  }

  /* The ranges of `text` (as written) matching the words: Chinese words anywhere, Latin words
     only at a word's start, extended to the word's end (never "rate" inside "generate"). */
  function spans(text, words, table) {
    const folded = fold(text, table);
    const found = [];
    for (const word of words) {
      if (!word) continue;
      if (isLatin(word)) {
        const re = new RegExp(`(?<![a-z0-9])${reEscape(word)}[a-z0-9]*`, "g");
        for (const m of folded.matchAll(re)) found.push([m.index, m.index + m[0].length]);
      } else {
        for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) found.push([at, at + word.length]);
      }
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const s of found) {
      const prev = merged[merged.length - 1];
      if (prev && s[0] <= prev[1]) prev[1] = Math.max(prev[1], s[1]);
      else merged.push(s.slice());
    }
    return merged;
  }

  const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  function marked(text, ranges) {
    let html = "", last = 0;
    for (const [a, b] of ranges) {
      html += escape(text.slice(last, a)) + "<mark>" + escape(text.slice(a, b)) + "</mark>";
      last = b;
    }
    return html + escape(text.slice(last));
  }
  /* About 100 characters around the first match, cut at spaces when Latin text is cut. */
  function excerpt(text, ranges) {
    let start = ranges.length ? Math.max(0, ranges[0][0] - 24) : 0;
    let end = Math.min(text.length, start + 100);
    const back = text.lastIndexOf(" ", start);
    if (start > 0 && /[A-Za-z0-9]/.test(text[start - 1]) && back >= 0 && start - back < 16) start = back + 1;
    const forward = text.indexOf(" ", end);
    if (end < text.length && /[A-Za-z0-9]/.test(text[end - 1] || "") && forward >= 0 && forward - end < 16) end = forward;
    const pad = start > 0 ? 1 : 0;
    const inside = ranges.filter(([a, b]) => a >= start && b <= end).map(([a, b]) => [a - start + pad, b - start + pad]);
    return [(start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""), inside];
  }

  const phraseKey = (text, table) => fold(text, table).replace(/[\s\p{P}\p{S}]+/gu, "");

  function item(d, index, e, words, marks) {
    const title = d.meta.title || d.url;
    const text = d.meta.text || "";
    const titleRanges = spans(title, marks, e.table);
    const textRanges = spans(text, marks, e.table);
    const written = new Set([...titleRanges.map(([a, b]) => title.slice(a, b)), ...textRanges.map(([a, b]) => text.slice(a, b))]);
    // the record's own address (meta "target", relative to the edition's root), see qa/search.py
    const url = new URL(d.meta.target || d.url, new URL(d.url, location.href));
    for (const w of [...written].slice(0, 6)) url.searchParams.append("h", w);
    const [snippet, snippetRanges] = excerpt(text, textRanges);
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    li.setAttribute("role", "presentation");
    // the link is the option (an option must not contain an interactive element)
    li.innerHTML = `<a href="${escape(url.pathname + url.search + url.hash)}" class="md-search-result__link" tabindex="-1"` +
      ` role="option" id="qa-search-option-${index}" aria-selected="false">` +
      `<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>` +
      (d.meta.topic ? `<p class="qa-search-topic">${escape(d.meta.topic)}</p>` : "") +
      `<h1>${marked(title, titleRanges)}</h1><p>${marked(snippet, snippetRanges)}</p></article></a>`;
    return li;
  }

  /* A word (or a synonym's form) → the Pagefind tokens that search it, as the query's own are made. */
  function searchable(text, e) {
    return Array.from(fold(text, e.table).matchAll(RUN), (m) => (IS_CJK.test(m[0]) ? encode(m[0]) : m[0]));
  }
  /* Pagefind result lists → one list, each question once, in the order first met. */
  function union(lists) {
    const seen = new Set(), out = [];
    for (const list of lists) for (const r of list) if (!seen.has(r.id)) { seen.add(r.id); out.push(r); }
    return out;
  }
  /* How many records hold the word (or, a Latin word being searched as a prefix, at least), when it is
     common: qa-search.json's "common" lists the words held by more than qa.search.COMMON_RECORDS records
     (none on a small bank). null for any other word. */
  function held(e, w) {
    if (e.common.has(w)) return e.common.get(w);
    if (IS_CJK.test(w)) return null;
    let most = null;
    for (const [c, n] of e.common) if (c.startsWith(w) && !IS_CJK.test(c)) most = Math.max(most || 0, n);
    return most;
  }
  /* Each word of the query (the first WORDS of them) → {results, ids, idf}. A word that is not common
     (held(), with its synonym's form) is searched alone, together with that form: its results and their
     ids. A common word is not (at 5,000 questions such a search costs 100–450 ms and thousands of result
     objects): its results are [] and its ids null, its count the shipped one; when every word is common
     the rarest is searched all the same, so a partial list always has a word's questions. The rarity (idf)
     is log(1 + 4 × the commonest word's count / (1 + this word's count)). */
  async function wordSearches(plain, alts, e) {
    const words = [...new Set(plain)].slice(0, WORDS);
    const counts = words.map((w) => {
      const n = [held(e, w), alts.has(w) ? held(e, alts.get(w)) : null].filter((c) => c !== null);
      return n.length ? Math.max(...n) : null;
    });
    let rarest = -1;
    if (counts.every((c) => c !== null)) counts.forEach((c, k) => { if (rarest < 0 || c < counts[rarest]) rarest = k; });
    const found = await Promise.all(words.map(async (w, k) => {
      if (counts[k] !== null && k !== rarest) return null;
      const lists = [(await e.pagefind.search(searchable(w, e).join(" "))).results];
      if (alts.has(w)) lists.push((await e.pagefind.search(searchable(alts.get(w), e).join(" "))).results);
      return union(lists);
    }));
    const count = (k) => (found[k] ? found[k].length : counts[k]);
    const most = Math.max(1, ...words.map((_, k) => count(k)));
    const per = new Map();
    words.forEach((w, k) => {
      per.set(w, { results: found[k] || [], ids: found[k] ? new Set(found[k].map((r) => r.id)) : null,
        idf: Math.log(1 + (4 * most) / (1 + count(k))) });
    });
    return per;
  }
  /* Does the text (folded; `key`: the same without spaces and punctuation) write the word, or another
     form of its synonym group, or (a glossary term) its Chinese or English name? Latin forms from a
     word's start (job in jobs, never ai in maintain). */
  function covers(text, key, w, e) {
    const forms = new Set([w, ...(e.groups.get(w) || []), ...(e.english[w] || [])]);
    if (!IS_CJK.test(w) && e.concepts[w]) for (const f of e.concepts[w]) forms.add(fold(f, e.table));
    for (const f of forms) {
      if (isLatin(f) && !IS_CJK.test(f)) {
        if (new RegExp(`(?<![a-z0-9])${reEscape(f)}`).test(text)) return true;
      } else if (key.includes(f.replace(/[\s\p{P}\p{S}]+/gu, ""))) return true;
    }
    return false;
  }
  /* A corrected Chinese word as the results write it (the index's form is folded: 梯度累积 is shown as the
     Traditional edition writes it, 梯度累積), else as searched. Folding is one character for one. */
  function written(word, datas, e) {
    if (!IS_CJK.test(word)) return word;
    for (const d of datas) {
      for (const text of [d.meta.title || "", d.meta.text || ""]) {
        const at = fold(text, e.table).indexOf(word);
        if (at >= 0) return text.slice(at, at + word.length);
      }
    }
    return word;
  }
  /* Results for a query no question fully matches: every question that has one of its words, by how
     much of the query it covers, each word weighing by its rarity, then by its best place in a word's
     own ranking. Pagefind result objects, so they show as any. */
  function partialResults(plain, per) {
    const scores = new Map();
    for (const w of new Set(plain)) {
      const info = per.get(w);
      if (!info) continue;
      info.results.forEach((r, place) => {
        const s = scores.get(r.id) || { r, weight: 0, place: Infinity };
        s.weight += info.idf;
        s.place = Math.min(s.place, place);
        scores.set(r.id, s);
      });
    }
    return [...scores.values()].sort((a, b) => b.weight - a.weight || a.place - b.place).map((s) => s.r);
  }

  /* A broad query (one Chinese character, or one or two Latin letters) matches nearly every record
     of a large bank, and its search cannot be stopped once started (~240 ms of Pagefind at 5,000
     questions): on a sharded index it first waits BROAD_WAIT ms for the next keystroke, so a query
     typed through never pays for its first character; one left as it is is searched after the wait.
     The real site (one index) never waits. */
  function broad(query, e) {
    const runs = Array.from(fold(query, e.table).matchAll(RUN), (m) => m[0]).filter((r) => !/^q\d*z?$/.test(r));
    if (runs.length !== 1) return false;
    return IS_CJK.test(runs[0][0]) ? Array.from(runs[0]).length === 1 : runs[0].length <= 2;
  }

  /* The candidates `head` (Pagefind results) with their data `heads`, in the order shown, as [result, data]:
     the questions whose title writes the query as one phrase come first (a Chinese query of several words is
     ranked by the whole phrase, not its words; on the English edition also a Chinese term's English name);
     then by how much of the query a question covers, each word weighing by its rarity (`per`, from
     wordSearches, else 1), twice in the title (a reader's question names its subject), a dropped question
     word the index has (`soft`: 解釋, work) SOFT; then those whose answer writes the phrase; then Pagefind's
     order. `q`: {plain, soft, per (or null), phrase}. */
  function ranked(head, heads, q, e) {
    const { plain, soft, per, phrase } = q;
    const phrases = [phrase, ...(IS_CJK.test(phrase) ? e.english[phrase] || [] : [])];
    const weighted = [...plain.map((w) => [w, 1]), ...soft.map((w) => [w, SOFT])];
    const rank = (r, d) => {
      const title = fold(d.meta.title || "", e.table), text = fold(d.meta.text || "", e.table);
      const titleKey = phraseKey(title, e.table), textKey = phraseKey(text, e.table);
      let score = 0;
      for (const [w, weight] of weighted) {
        const info = per && per.get(w);
        const inTitle = covers(title, titleKey, w, e);
        // (a common word, not searched alone, has no ids: its answer's text says)
        const inBody = inTitle || (info ? info.ids !== null && info.ids.has(r.id) : true) || covers(text, textKey, w, e);
        score += weight * (info ? info.idf : 1) * (inTitle ? 2 : inBody ? 1 : 0);
      }
      return [phrases.some((p) => titleKey.includes(p)) ? 0 : 1, -score, textKey.includes(phrase) ? 0 : 1];
    };
    return head.map((r, i) => [r, heads[i], rank(r, heads[i]), i])
      .sort((a, b) => a[2][0] - b[2][0] || a[2][1] - b[2][1] || a[2][2] - b[2][2] || a[3] - b[3])
      .map(([r, d]) => [r, d]);
  }

  /* The engine every step searches with: Pagefind set up over the bundle (`base`, its address) and its shards
     (`split`: qa-shards.json), and qa-search.json's `data` in the forms the query reading needs: index words,
     question words, readings by character and index words by reading, synonym groups, English names of Chinese
     terms, the common words' record counts. */
  async function makeEngine(pagefind, data, split, base) {
    const ranking = data.ranking ? { ranking: data.ranking } : {};
    await pagefind.options({ basePath: base, ...ranking });
    pagefind.init();
    await Promise.all(split.shards.map((shard) => pagefind.mergeIndex(base + shard, ranking)));
    const words = new Set(data.words);
    const stop = new Set(data.stop || []);
    const longest = [...data.words, ...stop].reduce((n, w) => Math.max(n, w.length), 1);
    const latin = data.latin || [];
    // each index word keyed by its characters' readings (qa/query_words.py): a homophone typo finds it
    const sounds = {}; // {reading: characters} as shipped → character → reading
    for (const [reading, chars] of Object.entries(data.sounds || {})) for (const ch of chars) sounds[ch] = reading;
    const bySound = new Map();
    for (const w of data.words) {
      const key = Array.from(w, (ch) => sounds[ch]);
      if (key.every(Boolean) && !bySound.has(key.join(" "))) bySound.set(key.join(" "), w);
    }
    const synonyms = Object.entries(data.synonyms || {}).sort((a, b) => b[0].length - a[0].length);
    // every form of a synonym group → all the group's forms (a title that writes any of them covers the word)
    const groups = new Map();
    for (const [form, target] of synonyms) {
      const group = groups.get(target) || new Set([target]);
      group.add(form);
      groups.set(target, group);
      groups.set(form, group);
    }
    // a glossary term's Chinese forms → its English names (the English edition's titles are English)
    const english = {};
    for (const [key, forms] of Object.entries(data.concepts || {})) {
      if (IS_CJK.test(key)) continue;
      for (const form of forms) (english[fold(form, data.fold).replace(/\s+/g, "")] ||= []).push(key.replace(/[\s\p{P}\p{S}]+/gu, ""));
    }
    return { pagefind, table: data.fold, words, longest, latin, known: new Set(latin), concepts: data.concepts || {}, regional: data.regional || {},
      stop, stopLatin: new Set(data.stopLatin || []), sounds, bySound, synonyms, groups, english, sharded: split.shards.length > 0,
      common: new Map(Object.entries(data.common || {})) };
  }

  /* The results of the read query `q` (queryWords) with Pagefind, in the order shown: the full query's search
     (and its synonyms' forms); when fewer than a page of questions match, each word alone (wordSearches), and
     when none matches, the questions that have most of the words; the first RERANK (RERANK_SHARDED) candidates ranked by
     ranked(). Returns {results, data (the candidates' data read to rank them, by place), per, partial, leftOut (the
     common words left out of the whole query's search)}, or
     null as soon as `stale()` says the box no longer holds the query (each await is a step a newer text stops). */
  async function find(q, e, stale) {
    const { tokens, plain, alts, soft } = q;
    // more distinct words than are ever searched alone (a pasted paragraph): no question has them all, and
    // the search of all of them would load every word's index chunks; the questions that have most of them
    const long = new Set(plain).size > WORDS;
    // on a large bank a common word (held(): more than qa.search.COMMON_RECORDS records) is left out of the
    // search of the whole query when the query also has an index word that is not common (a Chinese word of
    // the index, an indexed Latin word): Pagefind's cost grows with the records a word matches, and each word
    // loads an index chunk from every shard; ranked() still weighs the common words by the candidates' titles
    // and answers. A word the index may lack (a single character, an unknown word) is always searched. A small
    // bank (no common word) searches every word.
    const common = plain.map((w) => held(e, w) !== null);
    const indexed = (w) => (IS_CJK.test(w) ? e.words.has(w) : e.known.has(w));
    const narrow = !long && common.includes(true) && plain.some((w, k) => !common[k] && indexed(w));
    const wanted = (list) => (narrow ? list.filter((_, k) => !common[k]) : list);
    const found = long ? { results: [] } : await e.pagefind.search(wanted(tokens).join(" "));
    if (stale()) return null;
    let results = found.results;
    // the same query with each reader's word that has a synonym in the answers' words (pick → choose)
    if (alts.size && !long) {
      const other = await e.pagefind.search(wanted(plain).flatMap((w) => searchable(alts.get(w) || w, e)).join(" "));
      if (stale()) return null;
      results = union([results, other.results]);
    }
    // each word searched alone when the query has several and fewer than a page of questions have them all:
    // how rare it is and which questions have it, for the ranking below and for the questions that have most
    // words (a common word's own search is what costs most on a large bank: a query with a page of full
    // matches is ranked without it, each word weighing alike)
    const per = plain.length > 1 && results.length < PAGE ? await wordSearches(plain, alts, e) : null;
    if (stale()) return null;
    // no question has every word: the questions that have most of them, rarest words weighing most
    const partial = !results.length && tokens.length > 1;
    if (partial) results = partialResults(plain, per);
    const data = [];
    // candidates: the first results (when no question has every word, the partial list above); when a
    // question of three or more words has few full matches, also the questions that have most of its words
    // (one stray word of a long question, 每個 or 建, leaves out the question that answers it)
    const rerank = e.sharded ? RERANK_SHARDED : RERANK;
    let head = results.slice(0, rerank);
    if (per && !partial && plain.length >= 3) head = union([head, partialResults(plain, per).slice(0, rerank)]);
    const phrase = plain.map((w) => w.replace(/[\s\p{P}\p{S}]+/gu, "")).join("");
    if (phrase && head.length > 1) {
      const heads = await Promise.all(head.map((r) => r.data()));
      if (stale()) return null;
      const order = ranked(head, heads, { plain, soft, per, phrase }, e);
      const placed = new Set(head.map((r) => r.id));
      results = [...order.map(([r]) => r), ...results.filter((r) => !placed.has(r.id))];
      order.forEach(([, d], i) => { data[i] = d; });
    }
    return { results, data, per, partial, leftOut: narrow ? plain.filter((_, k) => common[k]) : [] };
  }

  /* ---- The search box: its elements, the list on screen, the run loop and the combobox ---- */
  function setup() {
    highlight();
    const root = document.querySelector("[data-qa-search]");
    if (!root) return;
    const input = root.querySelector(".md-search__input");
    const list = root.querySelector(".md-search-result__list");
    const meta = root.querySelector(".md-search-result__meta");
    const instead = root.querySelector(".qa-search-instead");
    const suggest = root.querySelector(".qa-search-suggest"); // the topics, shown when nothing matches
    const inner = root.querySelector(".md-search__inner");
    const output = root.querySelector(".md-search__output");
    const scrollwrap = root.querySelector(".md-search__scrollwrap");
    const reset = root.querySelector("button[type=reset]");
    const toggle = document.getElementById("__search");
    const bundle = new URL(root.dataset.qaBundle, location.href).href;
    const narrow = window.matchMedia("(max-width: 59.984375em)");
    // the box's state, all of it: the engine's promise (load), the number of the latest run, the list on screen,
    // the end of a broad query's wait, and the run loop's flags (schedule)
    const state = { engine: null, seq: 0, shown: { results: [], items: [], data: [], words: [], marks: [] },
      wake: null, searching: false, again: false };

    function load() {
      if (!state.engine) {
        state.engine = Promise.all([
          import(bundle + "pagefind.js"),
          fetch(bundle + "qa-search.json").then((r) => r.json()),
          // a large bank is several Pagefind indexes (qa/search_bundle.py SHARD_SIZE), searched as one
          fetch(bundle + "qa-shards.json").then((r) => (r.ok ? r.json() : { shards: [] })),
        ]).then(([pagefind, data, split]) => makeEngine(pagefind, data, split, bundle));
      }
      return state.engine;
    }


    function message(kind, count) {
      meta.textContent = (meta.dataset["qa" + kind] || "").replace("#", String(count));
    }
    function setOpen(open) {
      if (toggle.checked !== open) {
        toggle.checked = open;
        toggle.dispatchEvent(new Event("change"));
      }
      sync();
    }
    /* Combobox state, and what can take a Tab stop, follow the dialog. */
    function sync() {
      const open = toggle.checked;
      input.setAttribute("aria-expanded", String(open && list.children.length > 0));
      output.inert = !open;
      inner.inert = !open && narrow.matches;
      reset.tabIndex = open ? 0 : -1;
      scrollwrap.tabIndex = open ? 0 : -1;
      if (!open) setActive(-1);
    }
    const options = () => Array.from(list.querySelectorAll("[role=option]"));
    function setActive(index) {
      const all = options();
      all.forEach((el, i) => el.setAttribute("aria-selected", String(i === index)));
      const el = all[index];
      if (el) {
        input.setAttribute("aria-activedescendant", el.id);
        el.scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    const activeIndex = () => options().findIndex((el) => el.getAttribute("aria-selected") === "true");

    function moreItem(remaining) {
      const li = document.createElement("li");
      li.className = "md-search-result__item qa-search-more";
      li.setAttribute("role", "presentation");
      const option = document.createElement("div");
      option.id = "qa-search-option-more";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = (list.dataset.qaMore || "").replace("#", String(remaining));
      option.addEventListener("click", () => more());
      li.append(option);
      return li;
    }

    /* Show the next page of results (the "more" option's action). */
    async function more() {
      const e = await load();
      const at = state.shown.items.length;
      const next = state.shown.results.slice(at, at + PAGE);
      if (!next.length) return;
      const data = await Promise.all(next.map((r, i) => state.shown.data[at + i] || r.data()));
      const items = data.map((d, i) => item(d, at + i, e, state.shown.words, state.shown.marks));
      // the option of the first new result takes the place of the "more" option
      state.shown.items.push(...items);
      list.querySelector(".qa-search-more")?.remove();
      list.append(...items);
      const remaining = state.shown.results.length - state.shown.items.length;
      if (remaining > 0) list.append(moreItem(remaining));
      setActive(at);
      root.dataset.qaShown = String(state.shown.items.length);
    }

    async function run() {
      const mine = ++state.seq;
      const query = input.value;
      // a run whose text the reader has since changed stops at its next step: the search of a
      // prefix (特定 while 特定領域 is typed) must not go on to fetch and show its results
      const stale = () => mine !== state.seq || input.value !== query;
      const e = await load();
      if (stale()) return;
      const { tokens, plain, fixed, dropped, alts, soft } = queryWords(query, e);
      if (!tokens.length) {
        // nothing to search, or question words only ("what is", 怎麼): never a result for those alone
        // (an empty box shows the placeholder; emoji or punctuation only: no match, and the topics)
        const empty = !query.trim();
        list.replaceChildren(); instead.hidden = true; suggest.hidden = empty;
        message(empty ? "Placeholder" : dropped.length ? "Only" : "None", query.trim());
        state.shown = { results: [], items: [], data: [], words: [], marks: [] };
        root.dataset.qaState = empty ? "idle" : "done"; root.dataset.qaQuery = query; root.dataset.qaShown = "0"; root.dataset.qaLeftOut = "";
        sync(); return;
      }
      // a broad query on a large (sharded) index waits a moment for the next keystroke (see BROAD_WAIT)
      if (e.sharded && broad(query, e) && !(await settled(query))) return;
      const found = await find({ tokens, plain, alts, soft }, e, stale);
      if (!found) return;
      const { results, data, partial } = found;
      const first = await Promise.all(results.slice(0, PAGE).map((r, i) => data[i] || r.data()));
      if (stale()) return;
      const latinWords = plain.filter(isLatin);
      // what the text writes for a hit through a term's English name or a regional word (資料 → 數據)
      const marks = [...plain, ...alts.values(), ...conceptForms(latinWords, fold(query, e.table), e).map((f) => fold(f, e.table)),
        ...plain.flatMap((w) => e.regional[w] || [])];
      const items = first.map((d, i) => item(d, i, e, plain, marks));
      list.replaceChildren(...items);
      if (results.length > items.length) list.append(moreItem(results.length - items.length));
      state.shown = { results, items, data, words: plain, marks };
      // what was searched: corrections (typo, sound), a partial match, the words left after question words
      const lines = [];
      // each correction once (a pasted paragraph may repeat the same typo)
      if (fixed.length) lines.push((instead.dataset.qaText || "").replace("#", [...new Set(fixed.map(([, near]) => written(near, first, e)))].join(" ")));
      if (partial && results.length) lines.push(instead.dataset.qaPartial || "");
      if (!fixed.length && (dropped.length || !results.length)) lines.push((instead.dataset.qaSearched || "").replace("#", asTyped(plain, query, e)));
      instead.textContent = lines.join(" ");
      instead.hidden = !lines.length;
      suggest.hidden = results.length > 0;
      if (!results.length) message("None");
      else message(results.length === 1 ? "One" : "Other", results.length);
      setActive(-1);
      sync();
      root.dataset.qaShown = String(items.length);
      root.dataset.qaInstead = [...new Set(fixed.map(([, near]) => near))].join(" ");
      root.dataset.qaLeftOut = found.leftOut.join(" "); // the common words not searched (for the tests)
      root.dataset.qaState = "done";
      root.dataset.qaQuery = query;
    }

    /* Resolves true after BROAD_WAIT ms if the box still holds `query`, false as soon as it changes. */
    function settled(query) {
      root.dataset.qaWaited = query; // the last query that waited (for the tests)
      return new Promise((resolve) => {
        const timer = setTimeout(() => { state.wake = null; resolve(input.value === query); }, BROAD_WAIT);
        state.wake = () => { clearTimeout(timer); state.wake = null; resolve(false); };
      });
    }
    /* One search at a time, then the latest text: a reader typing 知识蒸馏 starts a search at 知 that
       matches much of the index; the keystrokes typed meanwhile do not each queue a search of their
       own behind it (at 5,000 questions that backlog took seconds), only the last text runs next. */
    async function schedule() {
      if (state.searching) { state.again = true; return; }
      state.searching = true;
      try {
        do { state.again = false; await run(); } while (state.again);
      } finally {
        state.searching = false;
      }
    }

    input.addEventListener("input", () => { root.dataset.qaState = "busy"; if (state.wake) state.wake(); schedule(); });
    input.addEventListener("focus", () => { load(); if (!toggle.checked) setOpen(true); });
    root.querySelector("form").addEventListener("reset", () => setTimeout(() => { if (state.wake) state.wake(); schedule(); input.focus(); }));
    toggle.addEventListener("change", () => {
      sync();
      if (!toggle.checked) return;
      input.focus();
      // on phones the box slides in: focus it again once it can take focus
      if (document.activeElement !== input) setTimeout(() => input.focus(), 200);
    });
    narrow.addEventListener("change", sync);
    list.addEventListener("mousedown", (ev) => ev.preventDefault()); // a click keeps the focus in the box
    sync();

    function follow(index) {
      const el = options()[index];
      if (!el) return;
      if (el.id === "qa-search-option-more") more();
      else el.click();
    }

    document.addEventListener("keydown", (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      // the Enter (or any key) that confirms an IME composition belongs to the input method
      if (ev.isComposing || ev.keyCode === 229) return;
      const active = document.activeElement;
      const editing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!toggle.checked) {
        if (!editing && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
          ev.preventDefault();
          setOpen(true);
          input.focus();
          input.select();
        }
        return;
      }
      if (ev.key === "Escape") {
        setOpen(false);
        input.blur();
      } else if (ev.key === "Tab") {
        // focus stays inside the open dialog: the box, the reset button and the results area
        const stops = [input, reset, scrollwrap].filter((el) => el.getClientRects().length);
        const at = stops.indexOf(active);
        ev.preventDefault();
        stops[(at + (ev.shiftKey ? stops.length - 1 : 1)) % stops.length]?.focus();
      } else if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && active === input) {
        const all = options();
        if (!all.length) return;
        ev.preventDefault();
        const at = activeIndex();
        const next = ev.key === "ArrowDown" ? (at + 1) % all.length : (at <= 0 ? all.length - 1 : at - 1);
        setActive(next);
      } else if (ev.key === "Enter" && active === input && options().length) {
        ev.preventDefault();
        follow(Math.max(0, activeIndex()));
      }
    }, true);

    /* An address with ?q= (the glossary's "N more: search for …" links) opens the search with that query. */
    const asked = new URLSearchParams(location.search).get("q");
    if (asked && asked.trim()) {
      input.value = asked;
      setOpen(true);
      input.dispatchEvent(new Event("input"));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
