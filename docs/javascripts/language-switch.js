/* Language switcher: keep the reader on the same question. Both editions use the same question
   anchors (/applications/#inference-speed and /en/applications/#inference-speed), so when a reader
   follows the other edition's link we add the question being read: the URL's #anchor, or else the
   last question heading scrolled past the top of the window. Material's own handler would look the
   page up in the other edition's sitemap and drop the #anchor, so this one (capture phase) goes first
   and navigates itself; modifier-clicks (new tab) keep the browser's default. */
(function () {
  function currentQuestion() {
    var headings = document.querySelectorAll("article h2[id]");
    var current = "";
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].getBoundingClientRect().top <= 120) current = headings[i].id;
    }
    return current ? "#" + current : "";
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    var url = new URL(link.getAttribute("href"), location.href);
    url.hash = location.hash || currentQuestion();
    link.href = url.href;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    location.href = url.href;
  }, true);
})();
