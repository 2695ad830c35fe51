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
   hooks/vendor.py as assets/javascripts/vendor/ts-fsrs.js, global FSRS), default parameters, no fuzz.
   Its words are filled in by format() of dom.js (window.QADom), loaded first. */
(() => {
  "use strict";
  const { format } = window.QADom;  // dom.js
  const MARKS_KEY = "qa-study-marks";
  const SCHEDULE_KEY = "qa-study-schedule";
  const FILE_FORMAT = "llm-interview-marks";
  const FILE_VERSION = 2;
  const STATES = { known: true, review: true };
  const GRADES = ["Again", "Hard", "Good", "Easy"];
  const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;   // qa/parse.py's rule for question ids
  const MAX_FILE_BYTES = 1000000;             // a full export of this site is a few tens of KB
  const MAX_UNKNOWN = 500;                     // ids this build does not know, kept from one file

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function isMap(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function plainId(id) {
    return typeof id === "string" && id.length <= 120 && ID.test(id) && !(id in Object.prototype);
  }
  function date(value) {
    if (typeof value !== "string" || value.length > 40) return null;
    const parsed = new Date(value);
    return isNaN(parsed.getTime()) ? null : parsed;
  }
  function endOfToday(now) {
    const end = new Date(now.getTime());
    end.setHours(23, 59, 59, 999);
    return end;
  }

  /* A stored or imported card, checked field by field; null when any field is unusable. */
  const INTEGERS = ["elapsed_days", "scheduled_days", "learning_steps", "reps", "lapses", "state"];
  function cleanCard(card) {
    if (!isMap(card)) return null;
    const due = date(card.due);
    if (!due) return null;
    const out = { due: due.toISOString() };
    const fields = ["stability", "difficulty"].concat(INTEGERS);
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i], value = own(card, name) ? card[name] : (name === "learning_steps" ? 0 : undefined);
      if (typeof value !== "number" || !isFinite(value) || value < 0) return null;
      if (INTEGERS.indexOf(name) >= 0 && Math.floor(value) !== value) return null;
      out[name] = value;
    }
    if (out.state > 3 || out.difficulty > 10) return null;
    if (card.last_review !== undefined && card.last_review !== null) {
      const last = date(card.last_review);
      if (!last) return null;
      out.last_review = last.toISOString();
    }
    return out;
  }
  function later(a, b) { return (a.last_review || "") > (b.last_review || ""); }

  /* {id: value} with every merged id moved to the question shown for it. A shown id's own entry wins
     over a merged one's, except a card reviewed later (so a merge never loses the newer schedule). */
  function mapIds(entries, merged, newer) {
    const out = Object.create(null);
    Object.keys(entries).forEach((id) => {
      const shown = merged && own(merged, id) && plainId(merged[id]) ? merged[id] : id;
      const value = entries[id];
      if (!(shown in out)) out[shown] = value;
      else if (newer ? newer(value, out[shown]) : shown === id) out[shown] = value;
    });
    return out;
  }
  function cleanMarks(marks) {
    const out = Object.create(null);
    if (isMap(marks)) Object.keys(marks).forEach((id) => {
      if (plainId(id) && typeof marks[id] === "string" && own(STATES, marks[id])) out[id] = marks[id];
    });
    return out;
  }
  function cleanCards(cards) {
    const out = Object.create(null);
    if (isMap(cards)) Object.keys(cards).forEach((id) => {
      const card = plainId(id) && cleanCard(cards[id]);
      if (card) out[id] = card;
    });
    return out;
  }
  function plain(map) {  // a null-prototype map as an ordinary object for JSON and callers
    const out = {};
    Object.keys(map).forEach((id) => { out[id] = map[id]; });
    return out;
  }

  /* The alert a refused save shows (once made, it stays in the page, hidden or shown). */
  function saveErrorBox(L) {
    const box = document.createElement("div");
    box.className = "md-typeset qa-save-error";
    box.setAttribute("role", "alert");
    box.setAttribute("data-qa-save-error", "");
    const message = document.createElement("p");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "qa-study-button";
    close.textContent = L.dismiss;
    close.addEventListener("click", () => { box.hidden = true; });
    box.appendChild(message);
    box.appendChild(close);
    document.body.appendChild(box);
    return box;
  }

  function store(labels) {
    const L = labels;
    /* The store's whole state; the functions below read and change only this and localStorage. */
    const state = {
      data: null,       // study.json, once study.js has it (setData)
      alertBox: null,   // the alert of a refused save, once one was refused
      unsaved: {},      // keys whose last write the browser refused: the alert stays until each is saved
    };

    function showSaveError(text) {
      if (!state.alertBox) state.alertBox = saveErrorBox(L);
      state.alertBox.firstChild.textContent = text;
      state.alertBox.hidden = false;
    }

    function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
    /* Write (or remove, value null) key; false, with the alert on the page, when the browser refuses. */
    function save(key, value) {
      try {
        if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
        delete state.unsaved[key];
        if (state.alertBox && !Object.keys(state.unsaved).length) state.alertBox.hidden = true;
        return true;
      } catch (e) {
        state.unsaved[key] = true;
        showSaveError(L.save_failed);
        return false;
      }
    }
    function readJson(key) {
      try { return JSON.parse(read(key) || "null"); } catch (e) { return null; }
    }
    function merged() { return state.data && isMap(state.data.merged) ? state.data.merged : null; }

    function marks() {
      const stored = readJson(MARKS_KEY);
      return plain(mapIds(cleanMarks(stored && stored.marks), merged()));
    }
    function writeMarks(map) { return save(MARKS_KEY, JSON.stringify({ version: 1, marks: plain(map) })); }
    function cards() {
      const stored = readJson(SCHEDULE_KEY);
      return plain(mapIds(cleanCards(stored && stored.cards), merged(), later));
    }
    function writeCards(map) { return save(SCHEDULE_KEY, JSON.stringify({ version: 1, cards: plain(map) })); }

    /* Rate question id with grade "Again" | "Hard" | "Good" | "Easy" at now; its new card, or null
       when the scheduler is not loaded or the save failed (then the alert shows). */
    function rate(id, grade, now) {
      if (!window.FSRS || GRADES.indexOf(grade) < 0 || !plainId(id)) return null;
      const scheduler = window.FSRS.fsrs(window.FSRS.generatorParameters({ enable_fuzz: false }));
      const all = cards();
      const card = all[id] ? Object.assign({}, all[id], { due: new Date(all[id].due),
        last_review: all[id].last_review ? new Date(all[id].last_review) : undefined }) : window.FSRS.createEmptyCard(now);
      const next = scheduler.next(card, now, window.FSRS.Rating[grade]).card;
      const saved = cleanCard(Object.assign({}, next, { due: next.due.toISOString(),
        last_review: next.last_review ? new Date(next.last_review).toISOString() : undefined }));
      if (!saved) return null;
      all[id] = saved;
      return writeCards(all) ? saved : null;
    }
    /* Ids due by the end of the reader's day at now, the soonest first. */
    function due(now) {
      const all = cards(), end = endOfToday(now).toISOString();
      return Object.keys(all).filter((id) => all[id].due <= end)
        .sort((a, b) => all[a].due < all[b].due ? -1 : all[a].due > all[b].due ? 1 : 0);
    }
    /* When a card is next due, in words: "later today" or the reader's date. */
    function when(card, now, lang) {
      const next = new Date(card.due);
      if (next <= endOfToday(now)) return L.later_today;
      return next.toLocaleDateString(lang, { year: "numeric", month: "short", day: "numeric" });
    }

    function exportDocument(now) {
      return { format: FILE_FORMAT, version: FILE_VERSION, exported: now.toISOString(), marks: marks(), schedule: cards() };
    }

    /* Why a parsed file is not a progress file of a version this site reads (a sentence), or null. */
    function headerError(parsed) {
      if (!isMap(parsed) || parsed.format !== FILE_FORMAT) return L.import_error;
      const version = parsed.version;
      if (typeof version !== "number" || Math.floor(version) !== version || version < 1 || version > FILE_VERSION) {
        return format(L.import_bad_version, { version: String(JSON.stringify(version)).slice(0, 20),
                                              supported: FILE_VERSION });
      }
      return null;
    }

    /* {keep(id), unknown}: keep says whether a file's entry under id is kept: every id the build knows (all
       of them before study.json loads), and up to MAX_UNKNOWN others, each listed once in unknown. */
    function idFilter() {
      const known = Object.create(null), seen = Object.create(null), unknown = [];
      if (state.data) {
        state.data.questions.forEach((q) => { known[q.id] = true; });
        Object.keys(state.data.merged || {}).forEach((id) => { known[id] = true; });
      }
      function keep(id) {
        if (!state.data || known[id] || seen[id]) return true;
        if (unknown.length >= MAX_UNKNOWN) return false;
        seen[id] = true;
        unknown.push(id);
        return true;
      }
      return { keep: keep, unknown: unknown };
    }

    /* Check an import file's text; {error: sentence} or {marks, cards, skipped, unknown: [ids]}. */
    function parse(text) {
      let parsed;
      try { parsed = JSON.parse(text); } catch (e) { return { error: L.import_error }; }
      const error = headerError(parsed);
      if (error) return { error: error };
      const rawMarks = own(parsed, "marks") ? parsed.marks : {};
      const rawCards = parsed.version >= 2 && own(parsed, "schedule") ? parsed.schedule : {};
      if (!isMap(rawMarks) || !isMap(rawCards)) return { error: L.import_bad_shape };
      const ids = idFilter(), inMarks = Object.create(null), inCards = Object.create(null);
      let skipped = 0;
      Object.keys(rawMarks).forEach((id) => {
        const mark = rawMarks[id];
        if (plainId(id) && typeof mark === "string" && own(STATES, mark) && ids.keep(id)) inMarks[id] = mark;
        else skipped += 1;
      });
      Object.keys(rawCards).forEach((id) => {
        const card = plainId(id) && cleanCard(rawCards[id]);
        if (card && ids.keep(id)) inCards[id] = card;
        else skipped += 1;
      });
      return { marks: mapIds(inMarks, merged()), cards: mapIds(inCards, merged(), later), skipped: skipped, unknown: ids.unknown };
    }

    /* Store a checked file's entries over what is stored (a stored card reviewed later stays); false, with
       what was there put back, when the browser refuses: a file is imported whole or not at all. */
    function storeImport(found) {
      const beforeMarks = read(MARKS_KEY), beforeCards = read(SCHEDULE_KEY);
      const allMarks = marks(), allCards = cards();
      Object.keys(found.marks).forEach((id) => { allMarks[id] = found.marks[id]; });
      Object.keys(found.cards).forEach((id) => {
        if (!allCards[id] || !later(allCards[id], found.cards[id])) allCards[id] = found.cards[id];
      });
      if (writeMarks(allMarks) && writeCards(allCards)) return true;
      try {
        if (beforeMarks === null) localStorage.removeItem(MARKS_KEY); else localStorage.setItem(MARKS_KEY, beforeMarks);
        if (beforeCards === null) localStorage.removeItem(SCHEDULE_KEY); else localStorage.setItem(SCHEDULE_KEY, beforeCards);
      } catch (e) { /* the alert already says that saving fails */ }
      return false;
    }

    /* The sentence saying what of a stored file is now in storage (read back), and what was left out. */
    function importReport(found) {
      const nowMarks = marks(), nowCards = cards();
      const storedMarks = Object.keys(found.marks).filter((id) => nowMarks[id] === found.marks[id]).length;
      const storedCards = Object.keys(found.cards).filter((id) => !!nowCards[id]).length;
      const parts = [];
      if (!storedMarks && !storedCards) parts.push(L.import_nothing);
      else parts.push(format(L.imported, { count: storedMarks }));
      if (storedCards) parts.push(format(L.imported_schedule, { count: storedCards }));
      if (found.unknown.length) {
        parts.push(format(L.import_unknown, { count: found.unknown.length,
          ids: found.unknown.slice(0, 3).join(", ") + (found.unknown.length > 3 ? ", …" : "") }));
      }
      if (found.skipped) parts.push(format(L.import_skipped, { count: found.skipped }));
      return parts.join(" ");
    }

    /* Import a file (a File or Blob); resolves to the sentence to show: what is now stored, or why nothing is. */
    function importFile(file) {
      if (file.size > MAX_FILE_BYTES) {
        return Promise.resolve(format(L.import_too_large, { size: (file.size / 1e6).toFixed(1) + " MB",
                                                            limit: (MAX_FILE_BYTES / 1e6) + " MB" }));
      }
      return file.text().then((text) => {
        const found = parse(text);
        if (found.error) return found.error;
        return storeImport(found) ? importReport(found) : L.import_save_failed;
      }, () => L.import_error);
    }

    function reset() { return save(MARKS_KEY, null) && save(SCHEDULE_KEY, null); }

    /* After study.json loads: rewrite what is stored so that merged ids count for the shown question. */
    function setData(loaded) {
      state.data = loaded;
      const markText = JSON.stringify({ version: 1, marks: marks() });
      const cardText = JSON.stringify({ version: 1, cards: cards() });
      if (read(MARKS_KEY) !== null && read(MARKS_KEY) !== markText) save(MARKS_KEY, markText);
      if (read(SCHEDULE_KEY) !== null && read(SCHEDULE_KEY) !== cardText) save(SCHEDULE_KEY, cardText);
    }

    return { MARKS_KEY: MARKS_KEY, SCHEDULE_KEY: SCHEDULE_KEY, GRADES: GRADES, read: read, save: save,
             marks: marks, writeMarks: writeMarks, cards: cards, rate: rate, due: due, when: when,
             exportDocument: exportDocument, importFile: importFile, reset: reset, setData: setData };
  }

  window.QAProgress = { store: store };
})();
