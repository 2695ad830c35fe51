/* Material puts a <nav class="md-code__nav"> toolbar (the copy button) on every code block, all
   without a name: several unnamed navigation landmarks on one page (axe landmark-unique). Give each
   a distinct name in the page's language: "程式碼區塊 2 工具列" / "Code block 2 toolbar". */
(() => {
  "use strict";
  const zh = /^zh/i.test(document.documentElement.lang);
  function label() {
    const navs = document.querySelectorAll(".md-code__nav");
    for (let i = 0; i < navs.length; i++) {
      const name = zh ? "程式碼區塊 " + (i + 1) + " 工具列" : "Code block " + (i + 1) + " toolbar";
      if (navs[i].getAttribute("aria-label") !== name) navs[i].setAttribute("aria-label", name);
    }
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
})();
