/* Study mode (issue 12): self-test, marks, progress, review list, random question, export/import.

   Driven by what the build writes (hooks/study_*.py, qa/study.py):
   - every page: <script id="qa-study-config" type="application/json"> {data, locale, labels} and the
     header switch <button data-qa-selftest-toggle hidden>;
   - topic pages: each shown question is <h2 id="<permanent id>" data-qa-number="1.2">;
   - the home page: <div data-qa-progress hidden> with one row per topic <tr data-qa-topic="slug">;
   - the review page: <div data-qa-review hidden>;
   - study.json of the locale (config.data): topics, questions (number, title, url) and the map of
     ids merged by dedup to the question shown for them.
   Marks and spaced-repetition schedules are kept by study-progress.js (window.QAProgress: storage, the
   FSRS scheduler, export and import; see its header) under the permanent id, so the editions (same
   origin) share them; the switch lives in "qa-study-selftest".
   Without JavaScript none of this runs: every answer shows, the switch and progress stay hidden.

   The code: one state object made by start() (the page's words, the progress store, study.json once
   loaded, this page's questions), and named parts below, one job each, every one given that state.
   DOM helpers (el, button, format ...) come from dom.js (window.QADom). */
(() => {
  "use strict";
  const { el, button, format, all, textSpan, htmlSpan, numbered, keyIsFree, fetchJson } = window.QADom;  // dom.js
  const MODE_KEY = "qa-study-selftest";
  const ASK_KEY = "qa-study-ask";
  const LAST_KEY = "qa-study-last";

  /* The whole state of study mode on this page; every part below reads and changes only this. */
  function makeState(config) {
    return {
      L: config.labels,
      progress: window.QAProgress.store(config.labels),  // study-progress.js
      dataUrl: new URL(config.data, location.href),
      data: null,       // study.json once loaded
      questions: [],    // study questions of this page: {id, number, heading, answer, reveal, known, review, next, revealed}
    };
  }

  function absolute(state, url) { return new URL(url, state.dataUrl).href; }
  function status(container, text) {
    const live = container.querySelector("[data-qa-status]");
    if (live) live.textContent = text;
  }

  // --- marks and the self-test switch ---------------------------------------------------------------
  function selfTest(state) { return state.progress.read(MODE_KEY) === "1"; }
  function setMark(state, id, mark) {
    const marks = state.progress.marks();
    if (marks[id] === mark || !mark) delete marks[id]; else marks[id] = mark;
    state.progress.writeMarks(marks);  // false: refused, the page says so
    refresh(state);
  }

  // --- topic pages: each question's answer, buttons and rating ---------------------------------------
  function isStop(node) {
    return node.nodeType === 1 && (node.tagName === "H2" || (node.classList && node.classList.contains("qa-merged")));
  }

  /* Move what follows heading, up to the next question, into a new answer region. */
  function wrapAnswer(heading) {
    const answer = el("div", { class: "qa-study-answer", id: "qa-answer-" + heading.id, tabindex: "-1",
                               role: "region", "aria-labelledby": heading.id });
    let node = heading.nextSibling;
    while (node && !isStop(node)) {
      const next = node.nextSibling;
      answer.appendChild(node);
      node = next;
    }
    return answer;
  }

  /* The bar under a heading: reveal, and the known / review marks. */
  function questionBar(state, question) {
    const L = state.L;
    question.reveal = button(L.show, { class: "qa-study-button qa-study-reveal", "aria-expanded": "false",
                                       "aria-controls": question.answer.id, "data-qa-reveal": question.id });
    const marks = el("div", { class: "qa-study-marks", role: "group", "aria-label": format(L.marks_of, { number: question.number }) });
    question.known = button(L.known, { "data-qa-mark": "known", "aria-pressed": "false" });
    question.review = button(L.review, { "data-qa-mark": "review", "aria-pressed": "false" });
    marks.appendChild(question.known);
    marks.appendChild(question.review);
    const bar = el("div", { class: "qa-study-bar" });
    bar.appendChild(question.reveal);
    bar.appendChild(marks);
    return bar;
  }

  function setUpQuestion(state, heading) {
    const answer = wrapAnswer(heading);
    const question = { id: heading.id, number: heading.getAttribute("data-qa-number"), heading: heading,
                       answer: answer, revealed: false };
    const bar = questionBar(state, question);
    heading.setAttribute("tabindex", "-1");
    heading.parentNode.insertBefore(bar, heading.nextSibling);
    bar.parentNode.insertBefore(answer, bar.nextSibling);
    question.reveal.addEventListener("click", () => setRevealed(state, question, !question.revealed, true));
    question.known.addEventListener("click", () => setMark(state, question.id, "known"));
    question.review.addEventListener("click", () => setMark(state, question.id, "review"));
    addRating(state, question);
    state.questions.push(question);
  }

  /* Show all / hide all and the keys line, under the page title. */
  function addToolbar(state) {
    const L = state.L;
    const first = document.querySelector("article h1");
    const toolbar = el("div", { class: "qa-study-toolbar" });
    const showAll = button(L.show_all, { "data-qa-show-all": "" });
    const hideAll = button(L.hide_all, { "data-qa-hide-all": "" });
    showAll.addEventListener("click", () => state.questions.forEach((q) => setRevealed(state, q, true, false)));
    hideAll.addEventListener("click", () => state.questions.forEach((q) => setRevealed(state, q, false, false)));
    toolbar.appendChild(showAll);
    toolbar.appendChild(hideAll);
    toolbar.appendChild(el("p", { class: "qa-study-keys" }, L.keys));
    if (first) first.parentNode.insertBefore(toolbar, first.nextSibling);
  }

  function setUpQuestions(state) {
    const headings = all("article h2[data-qa-number]");
    if (!headings.length) return;
    headings.forEach((heading) => setUpQuestion(state, heading));
    addToolbar(state);
    document.addEventListener("keydown", (event) => onKey(state, event));
  }

  function setRevealed(state, question, revealed, focus) {
    question.revealed = revealed;
    question.answer.classList.toggle("is-revealed", revealed);
    question.reveal.setAttribute("aria-expanded", String(revealed));
    question.reveal.textContent = revealed ? state.L.hide : state.L.show;
    if (revealed && focus) question.answer.focus({ preventScroll: true });
  }

  function applyMode(state) {
    const on = selfTest(state);
    document.body.classList.toggle("qa-selftest", on);
    const toggle = document.querySelector("[data-qa-selftest-toggle]");
    if (toggle) {
      toggle.hidden = false;
      toggle.setAttribute("aria-pressed", String(on));
    }
    if (on) state.questions.forEach((q) => setRevealed(state, q, false, false));
  }

  // --- topic pages: keys j / k (next, previous question), Space / Enter (reveal) ----------------------
  function currentIndex(questions) {
    const active = document.activeElement;
    const focused = questions.findIndex((q) =>
      active === q.heading || q.answer.contains(active) || q.reveal.parentNode.contains(active));
    if (focused >= 0) return focused;
    let current = -1;
    questions.forEach((q, index) => { if (q.heading.getBoundingClientRect().top <= 120) current = index; });
    return current;
  }

  function focusQuestion(questions, index) {
    const q = questions[Math.max(0, Math.min(questions.length - 1, index))];
    q.heading.focus({ preventScroll: true });
    q.heading.scrollIntoView({ block: "start" });
  }

  function onKey(state, event) {
    if (!selfTest(state) || !keyIsFree(event)) return;
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      const index = currentIndex(state.questions);
      focusQuestion(state.questions, event.key === "j" ? index + 1 : (index < 0 ? 0 : index - 1));
    } else if (event.key === " " || event.key === "Enter") {
      const question = state.questions.find((q) => q.heading === event.target);
      if (question) {
        event.preventDefault();
        setRevealed(state, question, true, true);
      }
    }
  }

  // --- spaced repetition: rate each question; what is due (study-progress.js schedules) --------------
  function addRating(state, question) {
    const L = state.L;
    const group = el("div", { class: "qa-study-rate", role: "group",
                              "aria-label": format(L.rate_of, { number: question.number }) });
    group.appendChild(el("span", { class: "qa-study-rate__prompt" }, L.rate_prompt));
    state.progress.GRADES.forEach((grade) => {
      const rate = button(L["rate_" + grade.toLowerCase()], { "data-qa-rate": grade });
      rate.addEventListener("click", () => {
        if (state.progress.rate(question.id, grade, new Date())) refresh(state);
      });
      group.appendChild(rate);
    });
    question.next = el("span", { class: "qa-study-rate__next", role: "status" });
    group.appendChild(question.next);
    question.answer.appendChild(group);
  }

  /* Each question's "next review" line, and where the page has them, the due-today line, link and list. */
  function renderDue(state) {
    const L = state.L, cards = state.progress.cards(), now = new Date();
    state.questions.forEach((q) => {
      const card = cards[q.id];
      q.next.textContent = card ? format(L.next_due, { when: state.progress.when(card, now, document.documentElement.lang) }) : "";
    });
    if (!state.data) return;
    const byId = {};
    state.data.questions.forEach((q) => { byId[q.id] = q; });
    const due = state.progress.due(now).filter((id) => byId[id]);
    all("[data-qa-due-summary]").forEach((line) => {
      line.textContent = due.length ? format(L.due_today, { count: due.length }) : L.due_none;
    });
    all("[data-qa-due-link]").forEach((link) => { link.hidden = !due.length; });
    const list = document.querySelector("[data-qa-due-list]");
    if (list) {
      list.textContent = "";
      due.forEach((id) => list.appendChild(reviewItem(state, byId[id])));
      list.hidden = !due.length;
    }
  }

  // --- home page: progress per topic, and the random question -----------------------------------------
  function counts(topic, marks) {
    const out = { known: 0, review: 0, unmarked: 0 };
    topic.questions.forEach((id) => { out[marks[id] || "unmarked"] += 1; });
    return out;
  }

  function renderProgress(state, marks) {
    const block = document.querySelector("[data-qa-progress]");
    if (!block || !state.data) return;
    state.data.topics.forEach((topic) => {
      const row = block.querySelector('[data-qa-topic="' + topic.slug + '"]');
      if (!row) return;
      const c = counts(topic, marks);
      ["known", "review", "unmarked"].forEach((mark) => {
        const cell = row.querySelector('[data-qa-count="' + mark + '"]');
        if (cell) cell.textContent = String(c[mark]);
      });
      const bar = row.querySelector("progress");
      if (bar) { bar.max = topic.questions.length; bar.value = c.known; }
    });
    block.hidden = false;
  }

  function randomQuestion(state, container) {
    const marks = state.progress.marks();
    const open = state.data.questions.filter((q) => !marks[q.id]);
    if (!open.length) { status(container, state.L.all_marked); return; }
    const pick = open[Math.floor(Math.random() * open.length)];
    sessionSet(ASK_KEY, pick.id);
    location.href = absolute(state, pick.url);
  }

  // --- the random question asks first (issue 27) ----------------------------------------------------
  // 「隨機一題」 notes the question it picked for this tab (sessionStorage); the topic page it opens shows
  // that question's reveal and mark buttons with its answer hidden, whether self-test is on or not.
  function sessionSet(key, value) {
    try { if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value); } catch (e) { /* none */ }
  }

  function askPicked(state) {
    let id;
    try { id = sessionStorage.getItem(ASK_KEY); } catch (e) { return; }
    if (!id) return;
    sessionSet(ASK_KEY, null);
    state.questions.forEach((q) => {
      if (q.id !== id) return;
      q.reveal.parentNode.classList.add("qa-study-asking");
      q.answer.classList.add("qa-study-asking");
      setRevealed(state, q, false, false);
    });
  }

  // --- review page ---------------------------------------------------------------------------------
  function renderReview(state, marks) {
    const block = document.querySelector("[data-qa-review]");
    if (!block || !state.data) return;
    const list = block.querySelector("[data-qa-review-list]");
    const summary = block.querySelector("[data-qa-review-summary]");
    list.textContent = "";
    const due = state.data.questions.filter((q) => marks[q.id] === "review");
    due.forEach((q) => list.appendChild(reviewItem(state, q)));
    list.hidden = !due.length;
    summary.textContent = due.length ? format(state.L.review_count, { count: due.length }) : state.L.review_empty;
    block.hidden = false;
  }

  /* A question of study.json as a list item: its linked number and title, then its topic. */
  function reviewItem(state, q) {
    const topics = {};
    state.data.topics.forEach((t) => { topics[t.slug] = t.title; });
    const item = el("li");
    // the title as text, never HTML (qa/study.py: the title as readers see it)
    item.appendChild(numbered(el("a", { href: absolute(state, q.url), lang: q.lang }), "qa-study-number", q.number, textSpan(q.title)));
    item.appendChild(el("span", { class: "qa-study-topic" }, topics[q.topic] || ""));
    return item;
  }

  // --- export, import, reset ------------------------------------------------------------------------
  function exportMarks(state) {
    const body = JSON.stringify(state.progress.exportDocument(new Date()), null, 2);
    const link = el("a", { href: URL.createObjectURL(new Blob([body], { type: "application/json" })),
                           download: "llm-interview-marks.json" });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function importMarks(state, file, container) {
    state.progress.importFile(file).then((report) => {
      refresh(state);
      status(container, report);
    });
  }

  function resetMarks(state, container) {
    if (!window.confirm(state.L.reset_confirm)) return;
    const done = state.progress.reset();
    refresh(state);
    status(container, done ? state.L.reset_done : state.L.save_failed);
  }

  /* One [data-qa-actions] block: its random, export, import and reset controls, each where present. */
  function setUpActionBlock(state, container) {
    container.hidden = false;
    const random = container.querySelector("[data-qa-random]");
    if (random) random.addEventListener("click", () => { if (state.data) randomQuestion(state, container); });
    const exporter = container.querySelector("[data-qa-export]");
    if (exporter) exporter.addEventListener("click", () => exportMarks(state));
    const input = container.querySelector("[data-qa-import]");
    if (input) input.addEventListener("change", () => {
      if (input.files && input.files[0]) importMarks(state, input.files[0], container);
      input.value = "";
    });
    const reset = container.querySelector("[data-qa-reset]");
    if (reset) reset.addEventListener("click", () => resetMarks(state, container));
  }

  // --- navigation: topics whose every question is known -----------------------------------------------
  function renderNav(state, marks) {
    if (!state.data) return;
    state.data.topics.forEach((topic) => {
      const path = new URL(topic.url, state.dataUrl).pathname;
      const complete = topic.questions.every((id) => marks[id] === "known");
      all(".md-nav__link[href]").forEach((link) => {
        if (new URL(link.href, location.href).pathname !== path || link.hash) return;
        link.classList.toggle("qa-nav-complete", complete);
        const note = link.querySelector(".qa-nav-complete__note");
        if (complete && !note) link.appendChild(el("span", { class: "qa-nav-complete__note" }, state.L.complete));
        if (!complete && note) note.remove();
      });
    });
  }

  // --- resume: the question last on screen (issue 27) -----------------------------------------------
  // Topic pages note, under the question's permanent id, the question a reader was reading — the
  // topmost heading below the fixed header, or if none is on screen the last one above it — when the
  // page is scrolled (once scrolling rests), a question is focused (j / k) and the page is left:
  // localStorage "qa-study-last" = {"version": 1, "id": id}. Every edition shares it (same origin);
  // each home page's 「從上次的地方繼續」 link goes to that question in its own edition (study.json's
  // URL, ids merged by dedup followed), shown only when a question is stored and still exists.
  function questionOnScreen(questions) {
    const header = document.querySelector(".md-header");
    const top = header ? header.getBoundingClientRect().bottom : 0;
    let above = null;
    for (const q of questions) {
      const box = q.heading.getBoundingClientRect();
      if (box.top >= top - 1 && box.top < window.innerHeight) return q;
      if (box.top < top) above = q;
    }
    return above;
  }

  function noteLast(state) {
    const q = questionOnScreen(state.questions);
    if (q) state.progress.save(LAST_KEY, JSON.stringify({ version: 1, id: q.id }));
  }

  function setUpResumeNotes(state) {
    if (!state.questions.length) return;
    let timer = null;
    window.addEventListener("scroll", () => {
      clearTimeout(timer);
      timer = setTimeout(() => noteLast(state), 150);
    }, { passive: true });
    document.addEventListener("focusin", () => setTimeout(() => noteLast(state), 0));
    window.addEventListener("pagehide", () => noteLast(state));
    if (location.hash) setTimeout(() => noteLast(state), 300);
  }

  /* The stored last question as study.json lists it (a merged id followed), or null. */
  function lastQuestion(state) {
    let stored;
    try { stored = JSON.parse(state.progress.read(LAST_KEY) || "null"); } catch (e) { stored = null; }
    if (!stored || typeof stored.id !== "string") return null;
    const id = (state.data.merged && state.data.merged[stored.id]) || stored.id;
    return state.data.questions.find((item) => item.id === id) || null;
  }

  function resumeBlock(state, q) {
    const block = el("p", { class: "qa-resume", "data-qa-resume": "" });
    const link = el("a", { href: absolute(state, q.url), class: "qa-resume__link" });
    link.appendChild(el("span", { class: "qa-resume__label" }, state.L.resume));
    // the build's own HTML (qa/study.py): escaped title, inline code
    link.appendChild(numbered(el("span", { class: "qa-resume__question", lang: q.lang }), "qa-study-number", q.number, htmlSpan(q.title_html)));
    block.appendChild(link);
    return block;
  }

  function renderResume(state) {
    const topics = document.getElementById("topics");  // the home page's topic list (hooks/home.py)
    if (!topics || !state.data || !document.querySelector("[data-qa-progress]")) return;
    const old = document.querySelector("[data-qa-resume]");
    if (old) old.remove();
    const q = lastQuestion(state);
    if (q) topics.parentNode.insertBefore(resumeBlock(state, q), topics);
  }

  // --- everything that shows marks ------------------------------------------------------------------
  function showMarks(state, marks) {
    state.questions.forEach((q) => {
      const mark = marks[q.id] || "";
      q.known.setAttribute("aria-pressed", String(mark === "known"));
      q.review.setAttribute("aria-pressed", String(mark === "review"));
      if (mark) q.heading.setAttribute("data-qa-mark", mark); else q.heading.removeAttribute("data-qa-mark");
    });
  }

  function refresh(state) {
    const marks = state.progress.marks();
    showMarks(state, marks);
    renderProgress(state, marks);
    renderReview(state, marks);
    renderDue(state);
    renderNav(state, marks);
    renderResume(state);
  }

  // --- start ----------------------------------------------------------------------------------------
  function setUpSwitch(state) {
    const toggle = document.querySelector("[data-qa-selftest-toggle]");
    if (toggle) toggle.addEventListener("click", () => {
      state.progress.save(MODE_KEY, selfTest(state) ? null : "1");
      applyMode(state);
    });
    applyMode(state);
  }

  /* Other tabs of the site change marks, schedules and the switch: follow them. */
  function followOtherTabs(state) {
    window.addEventListener("storage", (event) => {
      if (event.key === state.progress.MARKS_KEY || event.key === state.progress.SCHEDULE_KEY) refresh(state);
      if (event.key === MODE_KEY) applyMode(state);
    });
  }

  function loadData(state) {
    fetchJson(state.dataUrl.href).then((loaded) => {
      state.data = loaded;
      state.progress.setData(loaded);  // ids merged by dedup now count for the question shown
      refresh(state);
      document.documentElement.setAttribute("data-qa-study-ready", "");
    }).catch(() => {
      all("[data-qa-actions]").forEach((c) => status(c, state.L.data_error));
    });
  }

  function start() {
    const configElement = document.getElementById("qa-study-config");
    if (!configElement) return;
    const state = makeState(JSON.parse(configElement.textContent));
    setUpQuestions(state);
    askPicked(state);
    setUpResumeNotes(state);
    setUpSwitch(state);
    all("[data-qa-actions]").forEach((container) => setUpActionBlock(state, container));
    refresh(state);
    followOtherTabs(state);
    loadData(state);
  }

  start();
})();
