/* Offline reading (hooks/offline.py, adr/0005-offline.md): registers this edition's service worker, whose
 * URL the page gives as data-worker (relative: any sub-path works). The worker precaches the edition on
 * the first visit and takes this page at once. After a new build is deployed, the browser installs its
 * worker beside the old one (every file of the new build cached, none of the old one touched); it waits
 * until a page of the edition loads while it waits: that page asks it to take over, and every page of
 * the old build reloads when it does, so no page runs with files of two builds. */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  const worker = script.getAttribute("data-worker");
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // the first worker taking this page changes nothing on it; a new build's worker replaces the old one
    if (!hadController || reloading) return;
    reloading = true;
    window.location.reload();
  });
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(worker).then((registration) => {
      // Chromium sometimes sets a takeover aside when a request of the page crosses it (the new worker
      // stays waiting, nothing mixes); the next page of the old build asks again
      if (registration.waiting && hadController) registration.waiting.postMessage({ type: "SKIP_WAITING" });
    }).catch(() => {
      /* no worker (private mode, storage full): the site works online as before */
    });
  });
})();
