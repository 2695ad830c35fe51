/* Header search over the per-question Pagefind index (hooks/search_index.py; adr/0001-search.md).
 *
 * The query is folded and split exactly as the index text was (qa/search.py): each character
 * through the Traditional→Simplified table in qa-search.json, full-width ASCII to ASCII, lower
 * case; Chinese runs split into the longest indexed words (unknown characters stay single, they
 * are indexed one by one too); punctuation dropped. Pagefind then ranks the question records.
 * Results use Material's result markup, so they look native in light and dark mode. Keys: "/", "s"
 * or "f" open the search, arrows move through results, Enter follows, Escape closes.
 * A result link carries ?h=<the words as the page writes them>; on arrival those words are marked
 * in the target question's section.
 */
(() => {
  "use strict";
  const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  const RUN = new RegExp(`[${CJK}]+|[a-z0-9][a-z0-9+#_.\\-]*[a-z0-9+#]|[a-z0-9]`, "g");
  const IS_CJK = new RegExp(`[${CJK}]`);

  function foldChar(ch, table) {
    if (table && table[ch]) return table[ch];
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) ch = " ";
    const low = ch.toLowerCase();
    return low.length === 1 ? low : ch;
  }
  /* Same as qa.search.encode: "q" + each code point as 5 digits (Pagefind keeps digit runs whole). */
  const encode = (word) => "q" + Array.from(word, (ch) => String(ch.codePointAt(0)).padStart(5, "0")).join("");
  const decode = (token) => /^q\d+$/.test(token) ? String.fromCodePoint(...token.slice(1).match(/\d{5}/g).map(Number)) : token;
  const fold = (text, table) => Array.from(text, (ch) => foldChar(ch, table)).join("");

  /* Highlight on arrival: mark the ?h= words inside the target question's section. */
  function highlight() {
    const params = new URLSearchParams(location.search);
    const words = params.getAll("h").filter((w) => w.trim());
    if (!words.length) return;
    const article = document.querySelector("article");
    if (!article) return;
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const nodes = [];
    if (target && target.tagName === "H2") {
      for (let el = target; el && !(el !== target && el.tagName === "H2"); el = el.nextElementSibling) nodes.push(el);
    } else nodes.push(article);
    const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
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

  function setup() {
    highlight();
    const root = document.querySelector("[data-qa-search]");
    if (!root) return;
    const input = root.querySelector(".md-search__input");
    const list = root.querySelector(".md-search-result__list");
    const meta = root.querySelector(".md-search-result__meta");
    const toggle = document.getElementById("__search");
    const bundle = new URL(root.dataset.qaBundle, location.href).href;
    let engine = null;
    let seq = 0;

    function load() {
      if (!engine) {
        engine = Promise.all([
          import(bundle + "pagefind.js"),
          fetch(bundle + "qa-search.json").then((r) => r.json()),
        ]).then(async ([pagefind, data]) => {
          await pagefind.options({ basePath: bundle });
          pagefind.init();
          const words = new Set(data.words);
          const longest = data.words.reduce((n, w) => Math.max(n, w.length), 1);
          return { pagefind, table: data.fold, words, longest };
        });
      }
      return engine;
    }

    /* Query text → index words (same folding and splitting as qa/search.py). */
    function queryWords(query, e) {
      const out = [];
      for (const [run] of fold(query, e.table).matchAll(RUN)) {
        if (!IS_CJK.test(run[0])) {
          // "q" followed by digits is the prefix of every Chinese word's token (qa/search.py encode):
          // searched as a prefix it would match the whole index (seconds at 5,000 questions), and it is
          // no English word a reader means, so it is skipped (e.g. the "q" typed first in "quantization").
          if (!/^q\d*$/.test(run)) out.push(run);
          continue;
        }
        for (let i = 0; i < run.length;) {
          let n = Math.min(e.longest, run.length - i);
          while (n > 1 && !e.words.has(run.slice(i, i + n))) n--;
          out.push(encode(run.slice(i, i + n)));
          i += n;
        }
      }
      return out;
    }

    /* The substrings of `text` (as written) whose folded form is one of the words. */
    function spans(text, words, table) {
      const folded = fold(text, table);
      const found = [];
      for (const word of words) {
        for (let at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) {
          found.push([at, at + word.length]);
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
    function excerpt(text, ranges) {
      if (!ranges.length) return [text.slice(0, 80), []];
      const start = Math.max(0, ranges[0][0] - 24);
      const end = Math.min(text.length, start + 100);
      const inside = ranges.filter(([a, b]) => a >= start && b <= end).map(([a, b]) => [a - start, b - start]);
      return [(start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : ""), inside.map(([a, b]) => start > 0 ? [a + 1, b + 1] : [a, b])];
    }

    function message(kind, count) {
      const text = meta.dataset["qa" + kind] || "";
      meta.textContent = text.replace("#", String(count));
    }

    async function run() {
      const mine = ++seq;
      const query = input.value;
      const e = await load();
      if (mine !== seq) return;
      const words = queryWords(query, e);
      if (!words.length) { list.replaceChildren(); message("Placeholder"); root.dataset.qaState = "idle"; return; }
      const found = await e.pagefind.search(words.join(" "));
      if (mine !== seq) return;
      const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      if (mine !== seq) return;
      const items = data.map((d) => {
        const title = d.meta.title || d.url;
        const text = d.meta.text || "";
        const plain = words.map(decode);
        const titleRanges = spans(title, plain, e.table);
        const textRanges = spans(text, plain, e.table);
        const written = new Set([...titleRanges.map(([a, b]) => title.slice(a, b)), ...textRanges.map(([a, b]) => text.slice(a, b))]);
        // the record's own address (meta "target", relative to the edition's root), see qa/search.py
        const url = new URL(d.meta.target || d.url, new URL(d.url, location.href));
        for (const w of [...written].slice(0, 6)) url.searchParams.append("h", w);
        const [snippet, snippetRanges] = excerpt(text, textRanges);
        const li = document.createElement("li");
        li.className = "md-search-result__item";
        li.innerHTML = `<a href="${escape(url.pathname + url.search + url.hash)}" class="md-search-result__link" tabindex="-1">` +
          `<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>` +
          `<h1>${marked(title, titleRanges)}</h1><p>${marked(snippet, snippetRanges)}</p></article></a>`;
        return li;
      });
      list.replaceChildren(...items);
      if (!found.results.length) message("None");
      else message(found.results.length === 1 ? "One" : "Other", found.results.length);
      root.dataset.qaState = "done";
      root.dataset.qaQuery = query;
    }

    /* One search at a time, then the latest text: a reader typing 知识蒸馏 starts a search at 知 that
       matches much of the index; the keystrokes typed meanwhile do not each queue a search of their
       own behind it (at 5,000 questions that backlog took seconds), only the last text runs next. */
    let searching = false, again = false;
    async function schedule() {
      if (searching) { again = true; return; }
      searching = true;
      try {
        do { again = false; await run(); } while (again);
      } finally {
        searching = false;
      }
    }

    input.addEventListener("input", () => { root.dataset.qaState = "busy"; schedule(); });
    input.addEventListener("focus", () => { load(); });
    root.querySelector("form").addEventListener("reset", () => setTimeout(() => { schedule(); input.focus(); }));
    toggle.addEventListener("change", () => { if (toggle.checked) setTimeout(() => input.focus(), 200); });

    const links = () => Array.from(list.querySelectorAll(".md-search-result__link"));
    document.addEventListener("keydown", (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
      const active = document.activeElement;
      const editing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!toggle.checked) {
        if (!editing && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
          ev.preventDefault();
          toggle.checked = true;
          toggle.dispatchEvent(new Event("change"));
          input.focus();
          input.select();
        }
        return;
      }
      const all = links();
      const at = all.indexOf(active);
      if (ev.key === "Escape") {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
        input.blur();
      } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!all.length) return;
        ev.preventDefault();
        const next = ev.key === "ArrowDown" ? (at + 1) % all.length : (at <= 0 ? all.length - 1 : at - 1);
        all[next].focus();
      } else if (ev.key === "Enter" && active === input && all.length) {
        ev.preventDefault();
        all[0].click();
      }
    }, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
