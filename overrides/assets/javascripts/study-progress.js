/* The reader's progress store (issue 27 item 4, issue 24 item 5): marks, spaced-repetition schedules,
   saving, export and import. study.js draws the pages; this file owns what is kept and how.

   window.QAProgress.store(labels) returns the store; labels are the page's study-mode words
   (qa/study.py LABELS). Kept in localStorage, shared by the three editions (same origin):
   - "qa-study-marks": {"version": 1, "marks": {id: "known" | "review"}} (as before spaced repetition,
     so a tab of the older site still reads it);
   - "qa-study-schedule": {"version": 1, "cards": {id: card}}, a card being ts-fsrs's Card with its
     dates as ISO strings: {due, stability, difficulty, elapsed_days, scheduled_days, learning_steps,
     reps, lapses, state, last_review}.
   Every id is a question's permanent id ({#id} in docs/, lower-case ASCII words joined by hyphens);
   an id that dedup merged into another question counts for the question shown (study.json "merged");
   an id the build does not know (a question deleted, or from a newer build) is kept as it is.

   Export file: {"format": "llm-interview-marks", "version": 2, "exported", "marks", "schedule"}.
   Version 1 (the site before spaced repetition: marks only) still imports.

   Contract: nothing is lost silently. A save that the browser refuses (storage full or off) shows an
   alert on the page and returns false; import refuses a file of the wrong shape or version with a
   sentence saying why, stores only known states and valid cards under plain ids (never a key of
   Object.prototype), and reports what is stored afterwards, read back from storage.

   The scheduler is ts-fsrs (npm, package-lock.json; its UMD bundle is copied into the site by
   hooks/vendor.py as assets/javascripts/vendor/ts-fsrs.js, global FSRS), default parameters, no fuzz. */
(function () {
  "use strict";
  var MARKS_KEY = "qa-study-marks";
  var SCHEDULE_KEY = "qa-study-schedule";
  var FILE_FORMAT = "llm-interview-marks";
  var FILE_VERSION = 2;
  var STATES = { known: true, review: true };
  var GRADES = ["Again", "Hard", "Good", "Easy"];
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;   // qa/parse.py's rule for question ids
  var MAX_FILE_BYTES = 1000000;             // a full export of this site is a few tens of KB
  var MAX_UNKNOWN = 500;                     // ids this build does not know, kept from one file

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function isMap(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function plainId(id) {
    return typeof id === "string" && id.length <= 120 && ID.test(id) && !(id in Object.prototype);
  }
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function date(value) {
    if (typeof value !== "string" || value.length > 40) return null;
    var parsed = new Date(value);
    return isNaN(parsed.getTime()) ? null : parsed;
  }
  function endOfToday(now) {
    var end = new Date(now.getTime());
    end.setHours(23, 59, 59, 999);
    return end;
  }

  /* A stored or imported card, checked field by field; null when any field is unusable. */
  var INTEGERS = ["elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  function cleanCard(card) {
    if (!isMap(card)) return null;
    var due = date(card.due);
    if (!due) return null;
    var out = { due: due.toISOString() };
    var fields = ["stability", "difficulty"].concat(INTEGERS);
    for (var i = 0; i < fields.length; i++) {
      var name = fields[i], value = own(card, name) ? card[name] : (name === "learning_steps" ? 0 : undefined);
      if (typeof value !== "number" || !isFinite(value) || value < 0) return null;
      if (INTEGERS.indexOf(name) >= 0 && Math.floor(value) !== value) return null;
      out[name] = value;
    }
    if (out.state > 3 || out.difficulty > 10) return null;
    if (card.last_review !== undefined && card.last_review !== null) {
      var last = date(card.last_review);
      if (!last) return null;
      out.last_review = last.toISOString();
    }
    return out;
  }
  function later(a, b) { return (a.last_review || "") > (b.last_review || ""); }

  /* {id: value} with every merged id moved to the question shown for it. A shown id's own entry wins
     over a merged one's, except a card reviewed later (so a merge never loses the newer schedule). */
  function mapIds(entries, merged, newer) {
    var out = Object.create(null);
    Object.keys(entries).forEach(function (id) {
      var shown = merged && own(merged, id) && plainId(merged[id]) ? merged[id] : id;
      var value = entries[id];
      if (!(shown in out)) out[shown] = value;
      else if (newer ? newer(value, out[shown]) : shown === id) out[shown] = value;
    });
    return out;
  }
  function cleanMarks(marks) {
    var out = Object.create(null);
    if (isMap(marks)) Object.keys(marks).forEach(function (id) {
      if (plainId(id) && typeof marks[id] === "string" && own(STATES, marks[id])) out[id] = marks[id];
    });
    return out;
  }
  function cleanCards(cards) {
    var out = Object.create(null);
    if (isMap(cards)) Object.keys(cards).forEach(function (id) {
      var card = plainId(id) && cleanCard(cards[id]);
      if (card) out[id] = card;
    });
    return out;
  }
  function plain(map) {  // a null-prototype map as an ordinary object for JSON and callers
    var out = {};
    Object.keys(map).forEach(function (id) { out[id] = map[id]; });
    return out;
  }

  function store(labels) {
    var L = labels;
    var data = null;  // study.json, once study.js has it
    var alertBox = null;

    function showSaveError(text) {
      if (!alertBox) {
        alertBox = document.createElement("div");
        alertBox.className = "md-typeset qa-save-error";
        alertBox.setAttribute("role", "alert");
        alertBox.setAttribute("data-qa-save-error", "");
        var message = document.createElement("p");
        var close = document.createElement("button");
        close.type = "button";
        close.className = "qa-study-button";
        close.textContent = L.dismiss;
        close.addEventListener("click", function () { alertBox.hidden = true; });
        alertBox.appendChild(message);
        alertBox.appendChild(close);
        document.body.appendChild(alertBox);
      }
      alertBox.firstChild.textContent = text;
      alertBox.hidden = false;
    }

    function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
    /* Write (or remove, value null) key; false, with the alert on the page, when the browser refuses. */
    var unsaved = {};  // keys whose last write the browser refused: the alert stays until each is saved
    function save(key, value) {
      try {
        if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
        delete unsaved[key];
        if (alertBox && !Object.keys(unsaved).length) alertBox.hidden = true;
        return true;
      } catch (e) {
        unsaved[key] = true;
        showSaveError(L.save_failed);
        return false;
      }
    }
    function readJson(key) {
      try { return JSON.parse(read(key) || "null"); } catch (e) { return null; }
    }
    function merged() { return data && isMap(data.merged) ? data.merged : null; }

    function marks() {
      var stored = readJson(MARKS_KEY);
      return plain(mapIds(cleanMarks(stored && stored.marks), merged()));
    }
    function writeMarks(map) { return save(MARKS_KEY, JSON.stringify({ version: 1, marks: plain(map) })); }
    function cards() {
      var stored = readJson(SCHEDULE_KEY);
      return plain(mapIds(cleanCards(stored && stored.cards), merged(), later));
    }
    function writeCards(map) { return save(SCHEDULE_KEY, JSON.stringify({ version: 1, cards: plain(map) })); }

    /* Rate question id with grade "Again" | "Hard" | "Good" | "Easy" at now; its new card, or null
       when the scheduler is not loaded or the save failed (then the alert shows). */
    function rate(id, grade, now) {
      if (!window.FSRS || GRADES.indexOf(grade) < 0 || !plainId(id)) return null;
      var scheduler = window.FSRS.fsrs(window.FSRS.generatorParameters({ enable_fuzz: false }));
      var all = cards();
      var card = all[id] ? Object.assign({}, all[id], { due: new Date(all[id].due),
        last_review: all[id].last_review ? new Date(all[id].last_review) : undefined }) : window.FSRS.createEmptyCard(now);
      var next = scheduler.next(card, now, window.FSRS.Rating[grade]).card;
      var saved = cleanCard(Object.assign({}, next, { due: next.due.toISOString(),
        last_review: next.last_review ? new Date(next.last_review).toISOString() : undefined }));
      if (!saved) return null;
      all[id] = saved;
      return writeCards(all) ? saved : null;
    }
    /* Ids due by the end of the reader's day at now, the soonest first. */
    function due(now) {
      var all = cards(), end = endOfToday(now).toISOString();
      return Object.keys(all).filter(function (id) { return all[id].due <= end; })
        .sort(function (a, b) { return all[a].due < all[b].due ? -1 : all[a].due > all[b].due ? 1 : 0; });
    }
    /* When a card is next due, in words: "later today" or the reader's date. */
    function when(card, now, lang) {
      var next = new Date(card.due);
      if (next <= endOfToday(now)) return L.later_today;
      return next.toLocaleDateString(lang, { year: "numeric", month: "short", day: "numeric" });
    }

    function exportDocument(now) {
      return { format: FILE_FORMAT, version: FILE_VERSION, exported: now.toISOString(), marks: marks(), schedule: cards() };
    }

    /* Check an import file's text; {error: sentence} or {marks, cards, skipped, unknown: [ids]}. */
    function parse(text) {
      var parsed;
      try { parsed = JSON.parse(text); } catch (e) { return { error: L.import_error }; }
      if (!isMap(parsed) || parsed.format !== FILE_FORMAT) return { error: L.import_error };
      var version = parsed.version;
      if (typeof version !== "number" || Math.floor(version) !== version || version < 1 || version > FILE_VERSION) {
        return { error: format(L.import_bad_version, { version: String(JSON.stringify(version)).slice(0, 20),
                                                       supported: FILE_VERSION }) };
      }
      var rawMarks = own(parsed, "marks") ? parsed.marks : {};
      var rawCards = version >= 2 && own(parsed, "schedule") ? parsed.schedule : {};
      if (!isMap(rawMarks) || !isMap(rawCards)) return { error: L.import_bad_shape };
      var known = Object.create(null);
      if (data) {
        data.questions.forEach(function (q) { known[q.id] = true; });
        Object.keys(data.merged || {}).forEach(function (id) { known[id] = true; });
      }
      var skipped = 0, unknown = [], seenUnknown = Object.create(null);
      function keep(id) {
        if (!data || known[id]) return true;
        if (seenUnknown[id]) return true;
        if (unknown.length >= MAX_UNKNOWN) return false;
        seenUnknown[id] = true;
        unknown.push(id);
        return true;
      }
      var inMarks = Object.create(null), inCards = Object.create(null);
      Object.keys(rawMarks).forEach(function (id) {
        var state = rawMarks[id];
        if (plainId(id) && typeof state === "string" && own(STATES, state) && keep(id)) inMarks[id] = state;
        else skipped += 1;
      });
      Object.keys(rawCards).forEach(function (id) {
        var card = plainId(id) && cleanCard(rawCards[id]);
        if (card && keep(id)) inCards[id] = card;
        else skipped += 1;
      });
      return { marks: mapIds(inMarks, merged()), cards: mapIds(inCards, merged(), later), skipped: skipped, unknown: unknown };
    }

    /* Import a file (a File or Blob); resolves to the sentence to show: what is now stored, or why nothing is. */
    function importFile(file) {
      if (file.size > MAX_FILE_BYTES) {
        return Promise.resolve(format(L.import_too_large, { size: (file.size / 1e6).toFixed(1) + " MB",
                                                            limit: (MAX_FILE_BYTES / 1e6) + " MB" }));
      }
      return file.text().then(function (text) {
        var found = parse(text);
        if (found.error) return found.error;
        var beforeMarks = read(MARKS_KEY), beforeCards = read(SCHEDULE_KEY);
        var allMarks = marks(), allCards = cards();
        Object.keys(found.marks).forEach(function (id) { allMarks[id] = found.marks[id]; });
        Object.keys(found.cards).forEach(function (id) {
          if (!allCards[id] || !later(allCards[id], found.cards[id])) allCards[id] = found.cards[id];
        });
        var ok = writeMarks(allMarks) && writeCards(allCards);
        if (!ok) {  // put back what was there: a file is imported whole or not at all
          try {
            if (beforeMarks === null) localStorage.removeItem(MARKS_KEY); else localStorage.setItem(MARKS_KEY, beforeMarks);
            if (beforeCards === null) localStorage.removeItem(SCHEDULE_KEY); else localStorage.setItem(SCHEDULE_KEY, beforeCards);
          } catch (e) { /* the alert already says that saving fails */ }
          return L.import_save_failed;
        }
        var nowMarks = marks(), nowCards = cards();
        var storedMarks = Object.keys(found.marks).filter(function (id) { return nowMarks[id] === found.marks[id]; }).length;
        var storedCards = Object.keys(found.cards).filter(function (id) { return !!nowCards[id]; }).length;
        var parts = [];
        if (!storedMarks && !storedCards) parts.push(L.import_nothing);
        else parts.push(format(L.imported, { count: storedMarks }));
        if (storedCards) parts.push(format(L.imported_schedule, { count: storedCards }));
        if (found.unknown.length) {
          parts.push(format(L.import_unknown, { count: found.unknown.length,
            ids: found.unknown.slice(0, 3).join(", ") + (found.unknown.length > 3 ? ", …" : "") }));
        }
        if (found.skipped) parts.push(format(L.import_skipped, { count: found.skipped }));
        return parts.join(" ");
      }, function () { return L.import_error; });
    }

    function reset() { return save(MARKS_KEY, null) && save(SCHEDULE_KEY, null); }

    /* After study.json loads: rewrite what is stored so that merged ids count for the shown question. */
    function setData(loaded) {
      data = loaded;
      var markText = JSON.stringify({ version: 1, marks: marks() });
      var cardText = JSON.stringify({ version: 1, cards: cards() });
      if (read(MARKS_KEY) !== null && read(MARKS_KEY) !== markText) save(MARKS_KEY, markText);
      if (read(SCHEDULE_KEY) !== null && read(SCHEDULE_KEY) !== cardText) save(SCHEDULE_KEY, cardText);
    }

    return { MARKS_KEY: MARKS_KEY, SCHEDULE_KEY: SCHEDULE_KEY, GRADES: GRADES, read: read, save: save,
             marks: marks, writeMarks: writeMarks, cards: cards, rate: rate, due: due, when: when,
             exportDocument: exportDocument, importFile: importFile, reset: reset, setData: setData };
  }

  window.QAProgress = { store: store };
})();
