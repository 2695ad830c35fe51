/* Language switcher: keep the reader on the question on screen. Both editions use the same
   question anchors (/applications/#inference-speed and /en/applications/#inference-speed), so when
   a reader follows the other edition's link we add the anchor of what they are reading:
   - the URL's #anchor while its element is still inside the window (a linked question, or a
     table-of-contents entry just clicked, as long as the reader has not scrolled away from it);
   - else the question heading last scrolled past the top of the window (TOP px: below Material's
     48 px sticky header, with room for the heading's own margin);
   - else nothing (the top of the page).
   The URL's #anchor alone is not enough: after opening #hugging-face-transformers and scrolling down
   to another question it still names the first one (issue 11).
   Material's own handler would look the page up in the other edition's sitemap and drop the
   #anchor, so this one (capture phase) goes first and navigates itself; modifier-clicks (new tab)
   keep the browser's default, with the same anchor in the link. */
(() => {
  "use strict";
  const TOP = 120;

  function questionOnScreen() {
    const headings = document.querySelectorAll("article h2[id]");
    let current = "";
    for (let i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top <= TOP) current = headings[i].id;
    }
    return current ? "#" + current : "";
  }

  function linkedTargetInWindow() {
    if (!location.hash) return false;
    let target;
    try {
      target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (error) {
      return false;  // a malformed %-escape in the hash
    }
    if (!target) return false;
    const box = target.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  function anchorToKeep() {
    return linkedTargetInWindow() ? location.hash : questionOnScreen();
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    const url = new URL(link.getAttribute("href"), location.href);
    url.hash = anchorToKeep();
    link.href = url.href;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    location.href = url.href;
  }, true);
})();
