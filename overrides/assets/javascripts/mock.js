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
   The interview lives in this page view only (a reload starts over). */
(function () {
  "use strict";
  var root = document.querySelector("[data-qa-mock]");
  var studyConfig = document.getElementById("qa-study-config");
  var mockConfig = document.getElementById("qa-mock-config");
  if (!root || !studyConfig || !mockConfig) return;
  var L = JSON.parse(mockConfig.textContent).labels;
  var reviewUrl = JSON.parse(mockConfig.textContent).review;
  var dataUrl = new URL(JSON.parse(studyConfig.textContent).data, location.href);
  var GRADES = ["good", "partial", "missed"];
  var form = root.querySelector("[data-qa-mock-setup]");
  var run = root.querySelector("[data-qa-mock-run]");
  var summary = root.querySelector("[data-qa-mock-summary]");
  var dialog = root.querySelector("[data-qa-mock-dialog]");
  var available = root.querySelector("[data-qa-mock-available]");
  var status = root.querySelector("[data-qa-mock-status]");
  var data = null;
  var session = null;   // {items: [{q, grade, seconds}], index, limit (s), started (ms), revealed, timer}

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }
  function button(text, attributes) {
    return el("button", Object.assign({ type: "button", class: "qa-study-button" }, attributes), text);
  }
  function clock(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function absolute(url) { return new URL(url, dataUrl).href; }

  // --- setup ----------------------------------------------------------------------------------
  function checked(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="' + name + '"]:checked'),
                                 function (box) { out[box.value] = true; });
    return out;
  }
  function matching() {
    var topics = checked("topic"), levels = checked("difficulty");
    return data.questions.filter(function (q) { return topics[q.topic] && levels[q.difficulty || "unrated"]; });
  }
  function updateAvailable() {
    var count = matching().length;
    available.textContent = count ? format(L.available, { count: count }) : L.none_available;
    var input = form.querySelector("#qa-mock-count");
    input.max = String(Math.max(1, count));
    form.querySelector("button[type=submit]").disabled = !count;
  }
  function shuffled(list) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = out[i]; out[i] = out[j]; out[j] = swap;
    }
    return out;
  }
  function start(event) {
    event.preventDefault();
    if (!form.reportValidity()) return;
    var pool = matching();
    if (!pool.length) { updateAvailable(); return; }
    var count = Math.min(pool.length, parseInt(form.querySelector("#qa-mock-count").value, 10) || 1);
    var minutes = parseInt(form.querySelector("#qa-mock-minutes").value, 10) || 1;
    session = { items: shuffled(pool).slice(0, count).map(function (q) { return { q: q, grade: null, seconds: 0 }; }),
                index: 0, limit: minutes * 60 };
    form.hidden = true;
    summary.hidden = true;
    status.textContent = "";
    showQuestion();
  }

  // --- one question -----------------------------------------------------------------------------
  function topicTitle(slug) {
    for (var i = 0; i < data.topics.length; i++) if (data.topics[i].slug === slug) return data.topics[i].title;
    return "";
  }
  function levelLabel(level) {
    var box = form.querySelector('input[name="difficulty"][value="' + (level || "unrated") + '"]');
    return box && box.nextSibling ? box.nextSibling.textContent.trim() : "";
  }
  function elapsed() { return (Date.now() - session.started) / 1000; }

  function tick() {
    var spent = elapsed(), left = session.limit - spent;
    var display = run.querySelector("[data-qa-mock-clock]");
    var box = run.querySelector(".qa-mock-timer");
    if (left >= 0) {
      display.textContent = clock(left);
    } else {
      display.textContent = "+" + clock(-left);
      if (!box.classList.contains("is-over")) {
        box.classList.add("is-over");
        run.querySelector("[data-qa-mock-timer-label]").textContent = L.overtime;
        run.querySelector("[data-qa-mock-alert]").textContent = L.time_up;
      }
    }
  }

  function showQuestion() {
    var item = session.items[session.index];
    var q = item.q;
    session.started = Date.now();
    session.revealed = false;
    run.textContent = "";
    var meta = el("p", { class: "qa-mock-progress" });
    meta.appendChild(el("span", { class: "qa-mock-step" },
                        format(L.progress, { n: session.index + 1, total: session.items.length })));
    meta.appendChild(el("span", { class: "qa-mock-topic" }, topicTitle(q.topic)));
    if (levelLabel(q.difficulty)) meta.appendChild(el("span", { class: "qa-mock-level" }, levelLabel(q.difficulty)));
    run.appendChild(meta);
    var heading = el("h2", { id: "qa-mock-question", tabindex: "-1", lang: q.lang });
    heading.appendChild(el("span", { class: "qa-mock-number" }, q.number));
    heading.appendChild(document.createTextNode(" "));
    var title = el("span");
    title.innerHTML = q.title_html;  // the build's own HTML (qa/study.py): escaped title, inline code
    heading.appendChild(title);
    run.appendChild(heading);
    var timer = el("p", { class: "qa-mock-timer" });
    timer.appendChild(el("span", { class: "qa-mock-timer-label", "data-qa-mock-timer-label": "" }, L.time_left));
    timer.appendChild(el("span", { class: "qa-mock-clock", role: "timer", "aria-live": "off", "data-qa-mock-clock": "" },
                         clock(session.limit)));
    run.appendChild(timer);
    run.appendChild(el("p", { class: "qa-mock-alert", role: "alert", "data-qa-mock-alert": "" }));
    var actions = el("p", { class: "qa-mock-actions" });
    var reveal = button(L.reveal, { class: "qa-study-button qa-mock-reveal", "data-qa-mock-reveal": "",
                                    "aria-expanded": "false", "aria-controls": "qa-mock-answer", "aria-keyshortcuts": "R" });
    reveal.addEventListener("click", revealPoints);
    actions.appendChild(reveal);
    var end = button(L.end, { class: "qa-study-button qa-mock-end", "data-qa-mock-end": "" });
    end.addEventListener("click", askToEnd);
    actions.appendChild(end);
    run.appendChild(actions);
    run.appendChild(el("div", { id: "qa-mock-answer", class: "qa-mock-answer", hidden: "" }));
    run.appendChild(el("p", { class: "qa-study-keys qa-mock-keys" }, L.keys));
    run.hidden = false;
    clearInterval(session.timer);
    session.timer = setInterval(tick, 250);
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "center" });
  }

  function revealPoints() {
    if (!session || session.revealed) return;
    var item = session.items[session.index];
    session.revealed = true;
    clearInterval(session.timer);
    item.seconds = elapsed();
    var reveal = run.querySelector("[data-qa-mock-reveal]");
    reveal.setAttribute("aria-expanded", "true");
    reveal.hidden = true;
    var answer = run.querySelector("#qa-mock-answer");
    answer.textContent = "";
    var points = el("section", { class: "qa-mock-points", "aria-labelledby": "qa-mock-points-title", tabindex: "-1" });
    points.appendChild(el("h3", { id: "qa-mock-points-title" }, L.key_points));
    var body = el("div", { class: "qa-mock-points-body", lang: item.q.key_lang || item.q.lang });
    body.innerHTML = item.q.key_html;  // the build's own HTML (qa/keypoints.py rendered with the site's Markdown)
    points.appendChild(body);
    points.appendChild(el("p", { class: "qa-mock-full" })).appendChild(
      el("a", { href: absolute(item.q.url), target: "_blank", rel: "noopener" }, L.full_answer));
    answer.appendChild(points);
    var grades = el("div", { class: "qa-mock-grades", role: "group", "aria-labelledby": "qa-mock-grade-label" });
    grades.appendChild(el("p", { id: "qa-mock-grade-label", class: "qa-mock-grade-label" }, L.grade));
    GRADES.forEach(function (grade, index) {
      var choice = button(L[grade], { class: "qa-study-button qa-mock-grade", "data-qa-mock-grade": grade,
                                      "aria-keyshortcuts": String(index + 1) });
      choice.addEventListener("click", function () { grade_(grade); });
      grades.appendChild(choice);
    });
    answer.appendChild(grades);
    answer.hidden = false;
    points.focus({ preventScroll: true });
    points.scrollIntoView({ block: "start" });
  }

  function grade_(grade) {
    if (!session || !session.revealed) return;
    session.items[session.index].grade = grade;
    session.index += 1;
    if (session.index < session.items.length) showQuestion(); else finish();
  }

  // --- ending early: a confirmation dialog ------------------------------------------------------
  function askToEnd() {
    if (typeof dialog.showModal === "function") dialog.showModal(); else finish();
  }
  dialog.addEventListener("close", function () {
    if (dialog.returnValue === "end") finish();
    else if (session) { var back = run.querySelector("[data-qa-mock-end]"); if (back) back.focus(); }
    dialog.returnValue = "";
  });

  // --- summary ----------------------------------------------------------------------------------
  // through study mode's progress store (study-progress.js, loaded first): the same storage format, and a
  // save the browser refuses is said on the page as for any other mark
  var progress = window.QAProgress.store(JSON.parse(studyConfig.textContent).labels);
  function markForReview(ids) {
    var marks = progress.marks();
    ids.forEach(function (id) { marks[id] = "review"; });
    progress.writeMarks(marks);
  }

  function finish() {
    if (!session) return;
    clearInterval(session.timer);
    if (!session.revealed && session.items[session.index]) session.items[session.index].seconds = 0;
    var items = session.items, counts = { good: 0, partial: 0, missed: 0 }, total = 0;
    items.forEach(function (item) { if (item.grade) { counts[item.grade] += 1; total += item.seconds; } });
    var weak = items.filter(function (item) { return item.grade === "partial" || item.grade === "missed"; })
                    .map(function (item) { return item.q.id; });
    markForReview(weak);
    session = null;
    run.hidden = true;
    run.textContent = "";
    summary.textContent = "";
    summary.appendChild(el("h2", { id: "qa-mock-summary-title", tabindex: "-1" }, L.summary));
    summary.appendChild(el("p", { class: "qa-mock-summary-line" },
                           format(L.summary_line, { good: counts.good, partial: counts.partial, missed: counts.missed,
                                                    time: clock(total) })));
    var sent = el("p", { class: "qa-mock-sent" }, weak.length ? format(L.sent, { count: weak.length }) + " " : L.sent_none + " ");
    sent.appendChild(el("a", { href: reviewUrl }, L.review_link));
    summary.appendChild(sent);
    var list = el("ol", { class: "qa-mock-results" });
    items.forEach(function (item) {
      var row = el("li", { "data-qa-mock-result": item.grade || "skipped" });
      var link = el("a", { href: absolute(item.q.url), lang: item.q.lang });
      link.appendChild(el("span", { class: "qa-mock-number" }, item.q.number));
      link.appendChild(document.createTextNode(" "));
      var title = el("span");
      title.innerHTML = item.q.title_html;
      link.appendChild(title);
      row.appendChild(link);
      var detail = el("span", { class: "qa-mock-result qa-mock-result-" + (item.grade || "skipped") },
                      L[item.grade || "skipped"] + (item.grade ? " · " + clock(item.seconds) : ""));
      row.appendChild(detail);
      list.appendChild(row);
    });
    summary.appendChild(list);
    var again = button(L.again, { "data-qa-mock-again": "" });
    again.addEventListener("click", function () {
      summary.hidden = true;
      form.hidden = false;
      form.querySelector("input").focus();
    });
    summary.appendChild(el("p")).appendChild(again);
    summary.hidden = false;
    var heading = summary.querySelector("h2");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  }

  // --- keys -------------------------------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    if (!session || run.hidden || dialog.open || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var search = document.getElementById("__search");
    if (search && search.checked) return;
    if ((event.key === "r" || event.key === "R") && !session.revealed) {
      event.preventDefault();
      revealPoints();
    } else if (session.revealed && /^[123]$/.test(event.key)) {
      event.preventDefault();
      grade_(GRADES[Number(event.key) - 1]);
    }
  });

  form.addEventListener("change", updateAvailable);
  form.addEventListener("submit", start);
  fetch(dataUrl.href).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (loaded) {
    data = loaded;
    form.hidden = false;
    updateAvailable();
    document.documentElement.setAttribute("data-qa-mock-ready", "");
  }).catch(function () { status.textContent = L.data_error; });
})();
