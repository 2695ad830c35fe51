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
   Without JavaScript none of this runs: every answer shows, the switch and progress stay hidden. */
(function () {
  "use strict";
  var configElement = document.getElementById("qa-study-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var L = config.labels;
  var progress = window.QAProgress.store(L);  // study-progress.js
  var MARKS_KEY = progress.MARKS_KEY;
  var MODE_KEY = "qa-study-selftest";
  var dataUrl = new URL(config.data, location.href);
  var data = null;          // study.json once loaded
  var questions = [];       // study questions of this page: {id, number, heading, answer, bar, ...}

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // --- storage -----------------------------------------------------------------------------
  function storageGet(key) { return progress.read(key); }
  function storageSet(key, value) { return progress.save(key, value); }  // false: refused, the page says so
  function readMarks() { return progress.marks(); }
  function writeMarks(marks) {
    progress.writeMarks(marks);
    refresh();
  }
  function setMark(id, state) {
    var marks = readMarks();
    if (marks[id] === state || !state) delete marks[id]; else marks[id] = state;
    writeMarks(marks);
  }
  function selfTest() { return storageGet(MODE_KEY) === "1"; }

  // --- small DOM helpers ---------------------------------------------------------------------
  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }
  function button(text, attributes) {
    return el("button", Object.assign({ type: "button", class: "qa-study-button" }, attributes), text);
  }
  function status(container, text) {
    var live = container.querySelector("[data-qa-status]");
    if (live) live.textContent = text;
  }
  function absolute(url) { return new URL(url, dataUrl).href; }

  // --- topic pages: self-test ----------------------------------------------------------------
  function isStop(node) {
    return node.nodeType === 1 && (node.tagName === "H2" || (node.classList && node.classList.contains("qa-merged")));
  }

  function setUpQuestions() {
    var headings = document.querySelectorAll("article h2[data-qa-number]");
    if (!headings.length) return;
    Array.prototype.forEach.call(headings, function (heading) {
      var id = heading.id;
      var number = heading.getAttribute("data-qa-number");
      var answer = el("div", { class: "qa-study-answer", id: "qa-answer-" + id, tabindex: "-1",
                               role: "region", "aria-labelledby": id });
      var node = heading.nextSibling;
      while (node && !isStop(node)) {
        var next = node.nextSibling;
        answer.appendChild(node);
        node = next;
      }
      var reveal = button(L.show, { class: "qa-study-button qa-study-reveal", "aria-expanded": "false",
                                    "aria-controls": answer.id, "data-qa-reveal": id });
      var marks = el("div", { class: "qa-study-marks", role: "group", "aria-label": format(L.marks_of, { number: number }) });
      var known = button(L.known, { "data-qa-mark": "known", "aria-pressed": "false" });
      var review = button(L.review, { "data-qa-mark": "review", "aria-pressed": "false" });
      marks.appendChild(known);
      marks.appendChild(review);
      var bar = el("div", { class: "qa-study-bar" });
      bar.appendChild(reveal);
      bar.appendChild(marks);
      heading.setAttribute("tabindex", "-1");
      heading.parentNode.insertBefore(bar, heading.nextSibling);
      bar.parentNode.insertBefore(answer, bar.nextSibling);
      var question = { id: id, number: number, heading: heading, answer: answer, reveal: reveal,
                       known: known, review: review, revealed: false };
      reveal.addEventListener("click", function () { setRevealed(question, !question.revealed, true); });
      known.addEventListener("click", function () { setMark(id, "known"); });
      review.addEventListener("click", function () { setMark(id, "review"); });
      addRating(question);
      questions.push(question);
    });
    var first = document.querySelector("article h1");
    var toolbar = el("div", { class: "qa-study-toolbar" });
    var showAll = button(L.show_all, { "data-qa-show-all": "" });
    var hideAll = button(L.hide_all, { "data-qa-hide-all": "" });
    showAll.addEventListener("click", function () { questions.forEach(function (q) { setRevealed(q, true, false); }); });
    hideAll.addEventListener("click", function () { questions.forEach(function (q) { setRevealed(q, false, false); }); });
    toolbar.appendChild(showAll);
    toolbar.appendChild(hideAll);
    toolbar.appendChild(el("p", { class: "qa-study-keys" }, L.keys));
    if (first) first.parentNode.insertBefore(toolbar, first.nextSibling);
    document.addEventListener("keydown", onKey);
  }

  function setRevealed(question, revealed, focus) {
    question.revealed = revealed;
    question.answer.classList.toggle("is-revealed", revealed);
    question.reveal.setAttribute("aria-expanded", String(revealed));
    question.reveal.textContent = revealed ? L.hide : L.show;
    if (revealed && focus) question.answer.focus({ preventScroll: true });
  }

  function applyMode() {
    var on = selfTest();
    document.body.classList.toggle("qa-selftest", on);
    var toggle = document.querySelector("[data-qa-selftest-toggle]");
    if (toggle) {
      toggle.hidden = false;
      toggle.setAttribute("aria-pressed", String(on));
    }
    if (on) questions.forEach(function (q) { setRevealed(q, false, false); });
  }

  function currentIndex() {
    var active = document.activeElement;
    for (var i = 0; i < questions.length; i++) {
      var q = questions[i];
      if (active === q.heading || q.answer.contains(active) || q.reveal.parentNode.contains(active)) return i;
    }
    var current = -1;
    for (var j = 0; j < questions.length; j++) {
      if (questions[j].heading.getBoundingClientRect().top <= 120) current = j;
    }
    return current;
  }

  function focusQuestion(index) {
    var q = questions[Math.max(0, Math.min(questions.length - 1, index))];
    q.heading.focus({ preventScroll: true });
    q.heading.scrollIntoView({ block: "start" });
  }

  function onKey(event) {
    if (!selfTest() || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var search = document.getElementById("__search");
    if (search && search.checked) return;
    if (event.key === "j" || event.key === "k") {
      event.preventDefault();
      var index = currentIndex();
      focusQuestion(event.key === "j" ? index + 1 : (index < 0 ? 0 : index - 1));
    } else if (event.key === " " || event.key === "Enter") {
      for (var i = 0; i < questions.length; i++) {
        if (questions[i].heading === target) {
          event.preventDefault();
          setRevealed(questions[i], true, true);
          return;
        }
      }
    }
  }

  // --- home page: progress, and the random question ------------------------------------------
  function counts(topic, marks) {
    var out = { known: 0, review: 0, unmarked: 0 };
    topic.questions.forEach(function (id) { out[marks[id] || "unmarked"] += 1; });
    return out;
  }

  function renderProgress(marks) {
    var block = document.querySelector("[data-qa-progress]");
    if (!block || !data) return;
    data.topics.forEach(function (topic) {
      var row = block.querySelector('[data-qa-topic="' + topic.slug + '"]');
      if (!row) return;
      var c = counts(topic, marks);
      ["known", "review", "unmarked"].forEach(function (state) {
        var cell = row.querySelector('[data-qa-count="' + state + '"]');
        if (cell) cell.textContent = String(c[state]);
      });
      var bar = row.querySelector("progress");
      if (bar) { bar.max = topic.questions.length; bar.value = c.known; }
    });
    block.hidden = false;
  }

  function randomQuestion(container) {
    var marks = readMarks();
    var open = data.questions.filter(function (q) { return !marks[q.id]; });
    if (!open.length) { status(container, L.all_marked); return; }
    var pick = open[Math.floor(Math.random() * open.length)];
    sessionSet(ASK_KEY, pick.id);
    location.href = absolute(pick.url);
  }

  // --- the random question asks first (issue 27) ----------------------------------------------
  // 「隨機一題」 notes the question it picked for this tab (sessionStorage); the topic page it opens shows
  // that question's reveal and mark buttons with its answer hidden, whether self-test is on or not.
  var ASK_KEY = "qa-study-ask";
  function sessionSet(key, value) {
    try { if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value); } catch (e) { /* none */ }
  }
  function askPicked() {
    var id;
    try { id = sessionStorage.getItem(ASK_KEY); } catch (e) { return; }
    if (!id) return;
    sessionSet(ASK_KEY, null);
    questions.forEach(function (q) {
      if (q.id !== id) return;
      q.reveal.parentNode.classList.add("qa-study-asking");
      q.answer.classList.add("qa-study-asking");
      setRevealed(q, false, false);
    });
  }

  // --- review page ---------------------------------------------------------------------------
  function renderReview(marks) {
    var block = document.querySelector("[data-qa-review]");
    if (!block || !data) return;
    var list = block.querySelector("[data-qa-review-list]");
    var summary = block.querySelector("[data-qa-review-summary]");
    list.textContent = "";
    var due = data.questions.filter(function (q) { return marks[q.id] === "review"; });
    due.forEach(function (q) { list.appendChild(reviewItem(q)); });
    list.hidden = !due.length;
    summary.textContent = due.length ? format(L.review_count, { count: due.length }) : L.review_empty;
    block.hidden = false;
  }

  function reviewItem(q) {
    var topics = {};
    data.topics.forEach(function (t) { topics[t.slug] = t.title; });
    var item = el("li");
    var link = el("a", { href: absolute(q.url), lang: q.lang });
    var number = el("span", { class: "qa-study-number" }, q.number);
    var title = el("span");
    title.textContent = q.title;  // text, never HTML (qa/study.py: the title as readers see it)
    link.appendChild(number);
    link.appendChild(document.createTextNode(" "));
    link.appendChild(title);
    item.appendChild(link);
    item.appendChild(el("span", { class: "qa-study-topic" }, topics[q.topic] || ""));
    return item;
  }

  // --- spaced repetition: rate each question; what is due (study-progress.js schedules) ---------
  function addRating(question) {
    var group = el("div", { class: "qa-study-rate", role: "group",
                            "aria-label": format(L.rate_of, { number: question.number }) });
    group.appendChild(el("span", { class: "qa-study-rate__prompt" }, L.rate_prompt));
    progress.GRADES.forEach(function (grade) {
      var rate = button(L["rate_" + grade.toLowerCase()], { "data-qa-rate": grade });
      rate.addEventListener("click", function () {
        if (progress.rate(question.id, grade, new Date())) refresh();
      });
      group.appendChild(rate);
    });
    question.next = el("span", { class: "qa-study-rate__next", role: "status" });
    group.appendChild(question.next);
    question.answer.appendChild(group);
  }

  function renderDue() {
    var cards = progress.cards(), now = new Date();
    questions.forEach(function (q) {
      var card = cards[q.id];
      q.next.textContent = card ? format(L.next_due, { when: progress.when(card, now, document.documentElement.lang) }) : "";
    });
    if (!data) return;
    var byId = {};
    data.questions.forEach(function (q) { byId[q.id] = q; });
    var due = progress.due(now).filter(function (id) { return byId[id]; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-qa-due-summary]"), function (line) {
      line.textContent = due.length ? format(L.due_today, { count: due.length }) : L.due_none;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-qa-due-link]"), function (link) { link.hidden = !due.length; });
    var list = document.querySelector("[data-qa-due-list]");
    if (list) {
      list.textContent = "";
      due.forEach(function (id) { list.appendChild(reviewItem(byId[id])); });
      list.hidden = !due.length;
    }
  }

  // --- export, import, reset -----------------------------------------------------------------
  function exportMarks() {
    var body = JSON.stringify(progress.exportDocument(new Date()), null, 2);
    var link = el("a", { href: URL.createObjectURL(new Blob([body], { type: "application/json" })),
                         download: "llm-interview-marks.json" });
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function importMarks(file, container) {
    progress.importFile(file).then(function (report) {
      refresh();
      status(container, report);
    });
  }

  function setUpActions() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-qa-actions]"), function (container) {
      container.hidden = false;
      var random = container.querySelector("[data-qa-random]");
      if (random) random.addEventListener("click", function () { if (data) randomQuestion(container); });
      var exporter = container.querySelector("[data-qa-export]");
      if (exporter) exporter.addEventListener("click", exportMarks);
      var input = container.querySelector("[data-qa-import]");
      if (input) input.addEventListener("change", function () {
        if (input.files && input.files[0]) importMarks(input.files[0], container);
        input.value = "";
      });
      var reset = container.querySelector("[data-qa-reset]");
      if (reset) reset.addEventListener("click", function () {
        if (!window.confirm(L.reset_confirm)) return;
        var done = progress.reset();
        refresh();
        status(container, done ? L.reset_done : L.save_failed);
      });
    });
  }

  // --- navigation: topics whose every question is known ---------------------------------------
  function renderNav(marks) {
    if (!data) return;
    data.topics.forEach(function (topic) {
      var path = new URL(topic.url, dataUrl).pathname;
      var complete = topic.questions.every(function (id) { return marks[id] === "known"; });
      Array.prototype.forEach.call(document.querySelectorAll(".md-nav__link[href]"), function (link) {
        if (new URL(link.href, location.href).pathname !== path || link.hash) return;
        link.classList.toggle("qa-nav-complete", complete);
        var note = link.querySelector(".qa-nav-complete__note");
        if (complete && !note) link.appendChild(el("span", { class: "qa-nav-complete__note" }, L.complete));
        if (!complete && note) note.remove();
      });
    });
  }

  // --- resume: the question last on screen (issue 27) -----------------------------------------
  // Topic pages note, under the question's permanent id, the question a reader was reading — the
  // topmost heading below the fixed header, or if none is on screen the last one above it — when the
  // page is scrolled (once scrolling rests), a question is focused (j / k) and the page is left:
  // localStorage "qa-study-last" = {"version": 1, "id": id}. Every edition shares it (same origin);
  // each home page's 「從上次的地方繼續」 link goes to that question in its own edition (study.json's
  // URL, ids merged by dedup followed), shown only when a question is stored and still exists.
  var LAST_KEY = "qa-study-last";

  function questionOnScreen() {
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var above = null;
    for (var i = 0; i < questions.length; i++) {
      var box = questions[i].heading.getBoundingClientRect();
      if (box.top >= top - 1 && box.top < window.innerHeight) return questions[i];
      if (box.top < top) above = questions[i];
    }
    return above;
  }

  function noteLast() {
    var q = questionOnScreen();
    if (q) storageSet(LAST_KEY, JSON.stringify({ version: 1, id: q.id }));
  }

  function setUpResumeNotes() {
    if (!questions.length) return;
    var timer = null;
    window.addEventListener("scroll", function () {
      clearTimeout(timer);
      timer = setTimeout(noteLast, 150);
    }, { passive: true });
    document.addEventListener("focusin", function () { setTimeout(noteLast, 0); });
    window.addEventListener("pagehide", noteLast);
    if (location.hash) setTimeout(noteLast, 300);
  }

  function renderResume() {
    var topics = document.getElementById("topics");  // the home page's topic list (hooks/home.py)
    if (!topics || !data || !document.querySelector("[data-qa-progress]")) return;
    var old = document.querySelector("[data-qa-resume]");
    if (old) old.remove();
    var stored;
    try { stored = JSON.parse(storageGet(LAST_KEY) || "null"); } catch (e) { stored = null; }
    if (!stored || typeof stored.id !== "string") return;
    var id = (data.merged && data.merged[stored.id]) || stored.id;
    var q = null;
    data.questions.forEach(function (item) { if (item.id === id) q = item; });
    if (!q) return;
    var block = el("p", { class: "qa-resume", "data-qa-resume": "" });
    var link = el("a", { href: absolute(q.url), class: "qa-resume__link" });
    link.appendChild(el("span", { class: "qa-resume__label" }, L.resume));
    var which = el("span", { class: "qa-resume__question", lang: q.lang });
    which.appendChild(el("span", { class: "qa-study-number" }, q.number));
    which.appendChild(document.createTextNode(" "));
    var title = el("span");
    title.innerHTML = q.title_html;  // the build's own HTML (qa/study.py): escaped title, inline code
    which.appendChild(title);
    link.appendChild(which);
    block.appendChild(link);
    topics.parentNode.insertBefore(block, topics);
  }

  // --- everything that shows marks ------------------------------------------------------------
  function refresh() {
    var marks = readMarks();
    questions.forEach(function (q) {
      var state = marks[q.id] || "";
      q.known.setAttribute("aria-pressed", String(state === "known"));
      q.review.setAttribute("aria-pressed", String(state === "review"));
      if (state) q.heading.setAttribute("data-qa-mark", state); else q.heading.removeAttribute("data-qa-mark");
    });
    renderProgress(marks);
    renderReview(marks);
    renderDue();
    renderNav(marks);
    renderResume();
  }

  function start() {
    setUpQuestions();
    askPicked();
    setUpResumeNotes();
    var toggle = document.querySelector("[data-qa-selftest-toggle]");
    if (toggle) toggle.addEventListener("click", function () {
      storageSet(MODE_KEY, selfTest() ? null : "1");
      applyMode();
    });
    applyMode();
    setUpActions();
    refresh();
    window.addEventListener("storage", function (event) {
      if (event.key === MARKS_KEY || event.key === progress.SCHEDULE_KEY) refresh();
      if (event.key === MODE_KEY) applyMode();
    });
    fetch(dataUrl.href).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (loaded) {
      data = loaded;
      progress.setData(loaded);  // ids merged by dedup now count for the question shown
      refresh();
      document.documentElement.setAttribute("data-qa-study-ready", "");
    }).catch(function () {
      Array.prototype.forEach.call(document.querySelectorAll("[data-qa-actions]"), function (c) { status(c, L.data_error); });
    });
  }

  start();
})();
