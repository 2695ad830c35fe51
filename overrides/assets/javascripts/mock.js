/* Mock interview (issue 27, item 5): the page hooks/mock_page.py writes (qa/mock.py).

   Reads:
   - <script id="qa-study-config"> (every page): the URL of the locale's study.json;
   - <script id="qa-mock-config">: {labels, review} — the page's words and the review page's URL;
   - study.json: topics, and questions {id, number, title_html, lang, topic, url, difficulty, origin,
     key_html, key_lang} (key_html: qa/keypoints.py, the same key points as the Anki card's back).
   Flow: the setup form (topics, difficulties, count, minutes) → one question at a time, answer hidden,
   a timer counting down (then over time) → "Reveal the key points" stops the clock and shows them with a
   link to the whole answer → the reader grades themself (good / partial / missed) → the next question →
   the summary, which marks every partial or missed question "review" in study mode's marks
   (localStorage "qa-study-marks": {"version": 1, "marks": {id: "known" | "review"}}, as study.js keeps
   them), so it is listed on the review page. Keys: R reveals, 1 / 2 / 3 grade; every action is a button.
   The interview lives in this page view only (a reload starts over).

   The code: one state object made by start() (the page's containers and words, study.json once loaded,
   the interview under way), and named parts below, one job each, every one given that state. DOM
   helpers (el, button, format ...) come from dom.js (window.QADom), the marks from study-progress.js. */
(() => {
  "use strict";
  const { el, button, format, all, htmlSpan, numbered, keyIsFree, fetchJson } = window.QADom;  // dom.js
  const GRADES = ["good", "partial", "missed"];

  /* The whole state of the mock interview on this page; every part below reads and changes only this. */
  function makeState(root, studyConfig, mockConfig) {
    return {
      L: mockConfig.labels,
      reviewUrl: mockConfig.review,
      dataUrl: new URL(studyConfig.data, location.href),
      // through study mode's progress store (study-progress.js, loaded first): the same storage format, and
      // a save the browser refuses is said on the page as for any other mark
      progress: window.QAProgress.store(studyConfig.labels),
      form: root.querySelector("[data-qa-mock-setup]"),
      run: root.querySelector("[data-qa-mock-run]"),
      summary: root.querySelector("[data-qa-mock-summary]"),
      dialog: root.querySelector("[data-qa-mock-dialog]"),
      available: root.querySelector("[data-qa-mock-available]"),
      status: root.querySelector("[data-qa-mock-status]"),
      data: null,       // study.json once loaded
      session: null,    // the interview: {items: [{q, grade, seconds}], index, limit (s), started (ms), revealed, timer}
    };
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    const minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function absolute(state, url) { return new URL(url, state.dataUrl).href; }

  // --- setup ----------------------------------------------------------------------------------------
  function checked(form, name) {
    const out = {};
    all('input[name="' + name + '"]:checked', form).forEach((box) => { out[box.value] = true; });
    return out;
  }

  function matching(state) {
    const topics = checked(state.form, "topic"), levels = checked(state.form, "difficulty");
    return state.data.questions.filter((q) => topics[q.topic] && levels[q.difficulty || "unrated"]);
  }

  function updateAvailable(state) {
    const count = matching(state).length;
    state.available.textContent = count ? format(state.L.available, { count: count }) : state.L.none_available;
    state.form.querySelector("#qa-mock-count").max = String(Math.max(1, count));
    state.form.querySelector("button[type=submit]").disabled = !count;
  }

  function shuffled(list) {
    const out = list.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  function startInterview(state, event) {
    event.preventDefault();
    const form = state.form;
    if (!form.reportValidity()) return;
    const pool = matching(state);
    if (!pool.length) { updateAvailable(state); return; }
    const count = Math.min(pool.length, parseInt(form.querySelector("#qa-mock-count").value, 10) || 1);
    const minutes = parseInt(form.querySelector("#qa-mock-minutes").value, 10) || 1;
    state.session = { items: shuffled(pool).slice(0, count).map((q) => ({ q: q, grade: null, seconds: 0 })),
                      index: 0, limit: minutes * 60 };
    form.hidden = true;
    state.summary.hidden = true;
    state.status.textContent = "";
    showQuestion(state);
  }

  // --- one question ---------------------------------------------------------------------------------
  function topicTitle(state, slug) {
    const topic = state.data.topics.find((t) => t.slug === slug);
    return topic ? topic.title : "";
  }

  function levelLabel(state, level) {
    const box = state.form.querySelector('input[name="difficulty"][value="' + (level || "unrated") + '"]');
    return box && box.nextSibling ? box.nextSibling.textContent.trim() : "";
  }

  function elapsed(session) { return (Date.now() - session.started) / 1000; }

  /* The clock, four times a second: time left, then time over (said once in the alert line). */
  function tick(state) {
    const run = state.run, left = state.session.limit - elapsed(state.session);
    const display = run.querySelector("[data-qa-mock-clock]");
    const box = run.querySelector(".qa-mock-timer");
    if (left >= 0) {
      display.textContent = clock(left);
    } else {
      display.textContent = "+" + clock(-left);
      if (!box.classList.contains("is-over")) {
        box.classList.add("is-over");
        run.querySelector("[data-qa-mock-timer-label]").textContent = state.L.overtime;
        run.querySelector("[data-qa-mock-alert]").textContent = state.L.time_up;
      }
    }
  }

  /* "Question n of total", the topic and the difficulty. */
  function questionMeta(state, q) {
    const meta = el("p", { class: "qa-mock-progress" });
    meta.appendChild(el("span", { class: "qa-mock-step" },
                        format(state.L.progress, { n: state.session.index + 1, total: state.session.items.length })));
    meta.appendChild(el("span", { class: "qa-mock-topic" }, topicTitle(state, q.topic)));
    const level = levelLabel(state, q.difficulty);
    if (level) meta.appendChild(el("span", { class: "qa-mock-level" }, level));
    return meta;
  }

  function questionHeading(q) {
    // the build's own HTML (qa/study.py): escaped title, inline code
    return numbered(el("h2", { id: "qa-mock-question", tabindex: "-1", lang: q.lang }), "qa-mock-number", q.number, htmlSpan(q.title_html));
  }

  function timerLine(state) {
    const timer = el("p", { class: "qa-mock-timer" });
    timer.appendChild(el("span", { class: "qa-mock-timer-label", "data-qa-mock-timer-label": "" }, state.L.time_left));
    timer.appendChild(el("span", { class: "qa-mock-clock", role: "timer", "aria-live": "off", "data-qa-mock-clock": "" },
                         clock(state.session.limit)));
    return timer;
  }

  /* Reveal the key points, end the interview. */
  function questionActions(state) {
    const L = state.L;
    const actions = el("p", { class: "qa-mock-actions" });
    const reveal = button(L.reveal, { class: "qa-study-button qa-mock-reveal", "data-qa-mock-reveal": "",
                                      "aria-expanded": "false", "aria-controls": "qa-mock-answer", "aria-keyshortcuts": "R" });
    reveal.addEventListener("click", () => revealPoints(state));
    actions.appendChild(reveal);
    const end = button(L.end, { class: "qa-study-button qa-mock-end", "data-qa-mock-end": "" });
    end.addEventListener("click", () => askToEnd(state));
    actions.appendChild(end);
    return actions;
  }

  function showQuestion(state) {
    const session = state.session, run = state.run;
    const q = session.items[session.index].q;
    session.started = Date.now();
    session.revealed = false;
    run.textContent = "";
    run.appendChild(questionMeta(state, q));
    const heading = run.appendChild(questionHeading(q));
    run.appendChild(timerLine(state));
    run.appendChild(el("p", { class: "qa-mock-alert", role: "alert", "data-qa-mock-alert": "" }));
    run.appendChild(questionActions(state));
    run.appendChild(el("div", { id: "qa-mock-answer", class: "qa-mock-answer", hidden: "" }));
    run.appendChild(el("p", { class: "qa-study-keys qa-mock-keys" }, state.L.keys));
    run.hidden = false;
    clearInterval(session.timer);
    session.timer = setInterval(() => tick(state), 250);
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "center" });
  }

  // --- the key points, and the reader's grade ---------------------------------------------------------
  /* The key points of q and a link to its whole answer. */
  function keyPoints(state, q) {
    const points = el("section", { class: "qa-mock-points", "aria-labelledby": "qa-mock-points-title", tabindex: "-1" });
    points.appendChild(el("h3", { id: "qa-mock-points-title" }, state.L.key_points));
    const body = el("div", { class: "qa-mock-points-body", lang: q.key_lang || q.lang });
    body.innerHTML = q.key_html;  // the build's own HTML (qa/keypoints.py rendered with the site's Markdown)
    points.appendChild(body);
    points.appendChild(el("p", { class: "qa-mock-full" })).appendChild(
      el("a", { href: absolute(state, q.url), target: "_blank", rel: "noopener" }, state.L.full_answer));
    return points;
  }

  function gradeButtons(state) {
    const grades = el("div", { class: "qa-mock-grades", role: "group", "aria-labelledby": "qa-mock-grade-label" });
    grades.appendChild(el("p", { id: "qa-mock-grade-label", class: "qa-mock-grade-label" }, state.L.grade));
    GRADES.forEach((grade, index) => {
      const choice = button(state.L[grade], { class: "qa-study-button qa-mock-grade", "data-qa-mock-grade": grade,
                                              "aria-keyshortcuts": String(index + 1) });
      choice.addEventListener("click", () => gradeQuestion(state, grade));
      grades.appendChild(choice);
    });
    return grades;
  }

  function revealPoints(state) {
    const session = state.session, run = state.run;
    if (!session || session.revealed) return;
    const item = session.items[session.index];
    session.revealed = true;
    clearInterval(session.timer);
    item.seconds = elapsed(session);
    const reveal = run.querySelector("[data-qa-mock-reveal]");
    reveal.setAttribute("aria-expanded", "true");
    reveal.hidden = true;
    const answer = run.querySelector("#qa-mock-answer");
    answer.textContent = "";
    const points = answer.appendChild(keyPoints(state, item.q));
    answer.appendChild(gradeButtons(state));
    answer.hidden = false;
    points.focus({ preventScroll: true });
    points.scrollIntoView({ block: "start" });
  }

  function gradeQuestion(state, grade) {
    const session = state.session;
    if (!session || !session.revealed) return;
    session.items[session.index].grade = grade;
    session.index += 1;
    if (session.index < session.items.length) showQuestion(state); else finish(state);
  }

  // --- ending early: a confirmation dialog ------------------------------------------------------------
  function askToEnd(state) {
    if (typeof state.dialog.showModal === "function") state.dialog.showModal(); else finish(state);
  }

  function onDialogClose(state) {
    const dialog = state.dialog;
    if (dialog.returnValue === "end") finish(state);
    else if (state.session) {
      const back = state.run.querySelector("[data-qa-mock-end]");
      if (back) back.focus();
    }
    dialog.returnValue = "";
  }

  // --- summary --------------------------------------------------------------------------------------
  function markForReview(state, ids) {
    const marks = state.progress.marks();
    ids.forEach((id) => { marks[id] = "review"; });
    state.progress.writeMarks(marks);
  }

  /* How many questions got each grade, and the time spent on the graded ones. */
  function tally(items) {
    const counts = { good: 0, partial: 0, missed: 0 };
    let total = 0;
    items.forEach((item) => { if (item.grade) { counts[item.grade] += 1; total += item.seconds; } });
    return { counts: counts, total: total };
  }

  function resultsList(state, items) {
    const list = el("ol", { class: "qa-mock-results" });
    items.forEach((item) => {
      const row = el("li", { "data-qa-mock-result": item.grade || "skipped" });
      row.appendChild(numbered(el("a", { href: absolute(state, item.q.url), lang: item.q.lang }),
                               "qa-mock-number", item.q.number, htmlSpan(item.q.title_html)));
      row.appendChild(el("span", { class: "qa-mock-result qa-mock-result-" + (item.grade || "skipped") },
                         state.L[item.grade || "skipped"] + (item.grade ? " · " + clock(item.seconds) : "")));
      list.appendChild(row);
    });
    return list;
  }

  function againButton(state) {
    const again = button(state.L.again, { "data-qa-mock-again": "" });
    again.addEventListener("click", () => {
      state.summary.hidden = true;
      state.form.hidden = false;
      state.form.querySelector("input").focus();
    });
    return again;
  }

  function showSummary(state, items, weak) {
    const L = state.L, summary = state.summary, result = tally(items);
    summary.textContent = "";
    summary.appendChild(el("h2", { id: "qa-mock-summary-title", tabindex: "-1" }, L.summary));
    summary.appendChild(el("p", { class: "qa-mock-summary-line" },
                           format(L.summary_line, { good: result.counts.good, partial: result.counts.partial,
                                                    missed: result.counts.missed, time: clock(result.total) })));
    const sent = el("p", { class: "qa-mock-sent" }, weak.length ? format(L.sent, { count: weak.length }) + " " : L.sent_none + " ");
    sent.appendChild(el("a", { href: state.reviewUrl }, L.review_link));
    summary.appendChild(sent);
    summary.appendChild(resultsList(state, items));
    summary.appendChild(el("p")).appendChild(againButton(state));
    summary.hidden = false;
    const heading = summary.querySelector("h2");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }

  /* End the interview: every partial or missed question marked "review", then the summary. */
  function finish(state) {
    const session = state.session;
    if (!session) return;
    clearInterval(session.timer);
    if (!session.revealed && session.items[session.index]) session.items[session.index].seconds = 0;
    const items = session.items;
    const weak = items.filter((item) => item.grade === "partial" || item.grade === "missed").map((item) => item.q.id);
    markForReview(state, weak);
    state.session = null;
    state.run.hidden = true;
    state.run.textContent = "";
    showSummary(state, items, weak);
  }

  // --- keys -----------------------------------------------------------------------------------------
  function onKey(state, event) {
    const session = state.session;
    if (!session || state.run.hidden || state.dialog.open || !keyIsFree(event)) return;
    if ((event.key === "r" || event.key === "R") && !session.revealed) {
      event.preventDefault();
      revealPoints(state);
    } else if (session.revealed && /^[123]$/.test(event.key)) {
      event.preventDefault();
      gradeQuestion(state, GRADES[Number(event.key) - 1]);
    }
  }

  // --- start ----------------------------------------------------------------------------------------
  function loadData(state) {
    fetchJson(state.dataUrl.href).then((loaded) => {
      state.data = loaded;
      state.form.hidden = false;
      updateAvailable(state);
      document.documentElement.setAttribute("data-qa-mock-ready", "");
    }).catch(() => { state.status.textContent = state.L.data_error; });
  }

  function start() {
    const root = document.querySelector("[data-qa-mock]");
    const studyConfig = document.getElementById("qa-study-config");
    const mockConfig = document.getElementById("qa-mock-config");
    if (!root || !studyConfig || !mockConfig) return;
    const state = makeState(root, JSON.parse(studyConfig.textContent), JSON.parse(mockConfig.textContent));
    state.dialog.addEventListener("close", () => onDialogClose(state));
    document.addEventListener("keydown", (event) => onKey(state, event));
    state.form.addEventListener("change", () => updateAvailable(state));
    state.form.addEventListener("submit", (event) => startInterview(state, event));
    loadData(state);
  }

  start();
})();
