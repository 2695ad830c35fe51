/* Printing (Ctrl+P): open every collapsed <details> so answers print in full; close them again after. */
(() => {
  "use strict";
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), (el) => {
      el.setAttribute("open", "");
      return true;
    });
  });
  window.addEventListener("afterprint", () => {
    opened.forEach((el) => { el.removeAttribute("open"); });
    opened = [];
  });
})();
