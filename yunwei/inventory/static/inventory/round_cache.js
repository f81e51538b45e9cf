/* A round page registers the rounds' service worker (round_sw.js, scope /inventory/rounds/)
 * and asks it to keep this page and the files it loads, so the page opens again without a
 * network. When kept, the marker element gets data-kept (the number of files kept).
 * Browsers without service workers (or an insecure origin) simply skip this. */
(function () {
  "use strict";
  var el = document.getElementById("round-cache");
  if (!el || !("serviceWorker" in navigator) || !window.caches || !window.MessageChannel) {
    return;
  }
  var urls = [location.pathname];
  var nodes = document.querySelectorAll("link[rel=stylesheet][href], link[rel=icon][href], script[src]");
  Array.prototype.forEach.call(nodes, function (n) {
    var u = new URL(n.getAttribute("href") || n.getAttribute("src"), location.href);
    if (u.origin === location.origin) { urls.push(u.pathname + u.search); }
  });
  navigator.serviceWorker.register(el.dataset.sw, {scope: el.dataset.scope}).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (e) {
      if (e.data && typeof e.data.kept === "number") { el.dataset.kept = String(e.data.kept); }
    };
    reg.active.postMessage({type: "keep", urls: urls}, [channel.port2]);
  }).catch(function () { /* no worker: the page still works online */ });
})();
