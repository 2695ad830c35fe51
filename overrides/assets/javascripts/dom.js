/* Small DOM helpers the site's scripts share (window.QADom), loaded before all of them
   (overrides/main.html). Nothing here touches the page by itself.

   - el(tag, attributes, text): a new element with those attributes and, when text is given, that text;
   - button(text, attributes): a study-mode button (<button type="button" class="qa-study-button">);
   - format(text, values): "{name}" in text replaced by values.name;
   - all(selector, root): the matching elements of root (default: the document) as an array;
   - numbered(parent, numberClass, number, title): appends <span class=numberClass>number</span>, a
     space and the node title to parent (a question's number and title, as every list of questions shows);
   - textSpan(text), htmlSpan(html): a <span> holding text, or the build's own HTML (never a reader's);
   - keyIsFree(event): whether a key press may be a page shortcut: no modifier, no IME composition,
     not typed into a field, and the search box closed;
   - fetchJson(url): a promise of the JSON at url, rejected with the HTTP status when it is not OK. */
(() => {
  "use strict";

  function el(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => node.setAttribute(name, attributes[name]));
    if (text) node.textContent = text;
    return node;
  }

  function button(text, attributes) {
    return el("button", Object.assign({ type: "button", class: "qa-study-button" }, attributes), text);
  }

  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  }

  function all(selector, root) {
    return Array.from((root || document).querySelectorAll(selector));
  }

  function textSpan(text) {
    const span = el("span");
    span.textContent = text;
    return span;
  }

  function htmlSpan(html) {
    const span = el("span");
    span.innerHTML = html;
    return span;
  }

  function numbered(parent, numberClass, number, title) {
    parent.appendChild(el("span", { class: numberClass }, number));
    parent.appendChild(document.createTextNode(" "));
    parent.appendChild(title);
    return parent;
  }

  function keyIsFree(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return false;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return false;
    const search = document.getElementById("__search");
    return !(search && search.checked);
  }

  // the JSON at url (a promise); an HTTP error rejects it with the status
  function fetchJson(url) {
    return fetch(url).then((response) => {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  window.QADom = { el, button, format, all, textSpan, htmlSpan, numbered, keyIsFree, fetchJson };
})();
