/* Focus mode (issue 27): hide the navigation and the table of contents to read.

   The header's button <button data-qa-focus-toggle hidden> (overrides/partials/header.html, words from
   hooks/reader_tools.py) and the key z switch it; localStorage "qa-focus" = "1" remembers it across pages and
   editions (same origin), and an inline script in <head> (overrides/main.html) puts the class
   "qa-focus" on <html> before the first paint. The stylesheet (reader.css) hides the sidebars only
   where they are sidebars (60em and up); on narrower screens navigation and contents live in the drawer
   and stay there. Without JavaScript there is no button and nothing is hidden. */
(() => {
  "use strict";
  const KEY = "qa-focus";
  const toggle = document.querySelector("[data-qa-focus-toggle]");

  function stored() { try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function store(on) {
    try { if (on) localStorage.setItem(KEY, "1"); else localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }
  function apply(on) {
    document.documentElement.classList.toggle("qa-focus", on);
    if (toggle) toggle.setAttribute("aria-pressed", String(on));
  }
  function flip() {
    const on = !document.documentElement.classList.contains("qa-focus");
    store(on);
    apply(on);
  }

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", flip);
  }
  apply(stored());
  document.addEventListener("keydown", (event) => {
    if (event.key !== "z" || !window.QADom.keyIsFree(event)) return;  // dom.js
    event.preventDefault();
    flip();
  });
  window.addEventListener("storage", (event) => { if (event.key === KEY) apply(stored()); });
})();
