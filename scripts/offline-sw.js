// The service worker of one edition (template). scripts/offline-worker.mjs copies it to the edition's
// sw.js, puts in the path of the Workbox modules (__WORKBOX__, relative to the worker) and the cache
// prefix (__CACHE_ID__), and Workbox's injectManifest puts the edition's precache list, each file with
// the MD5 of its content as revision, in place of the manifest placeholder below. See adr/0005-offline.md.
importScripts("__WORKBOX__/workbox-sw.js");
// before any module is used: Workbox's own copies (never its CDN), the production builds
workbox.setConfig({ modulePathPrefix: "__WORKBOX__/", debug: false });
workbox.core.setCacheNameDetails({ prefix: "__CACHE_ID__" });

// the first worker takes the page that registered it at once (offline after one visit); a newer one
// waits until a page of the edition asks it to take over (assets/javascripts/offline.js), and every
// page of the old build then reloads: two builds never share a page
workbox.core.clientsClaim();
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

// pages, assets, the search bundle and study.json of this edition, fetched into the cache on install
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(self.__WB_MANIFEST, {
  directoryIndex: "index.html",
  // the search bundle asks for pagefind-entry.json?ts=<time>; a page may be opened with ?q= or ?h=
  ignoreURLParametersMatching: [/.*/],
});

// PDFs: not precached; kept when first opened, the network's copy first while there is one
workbox.routing.registerRoute(
  ({ url, sameOrigin }) => sameOrigin && /\.pdf$/i.test(url.pathname),
  new workbox.strategies.NetworkFirst({
    cacheName: "__CACHE_ID__-pdf",
    networkTimeoutSeconds: 5,
    plugins: [
      new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
      new workbox.expiration.ExpirationPlugin({ maxEntries: 30 }),
      new workbox.rangeRequests.RangeRequestsPlugin(),
    ],
  }),
);
