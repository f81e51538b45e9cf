/* An inspection round on a phone without a signal (machine rooms): each item's answers are
 * kept on the phone (IndexedDB, photos included) and sent when the connection is back.
 * Every answer carries a key made on the phone; the server records a key once, so an answer
 * sent twice (a retry, a second tab) is saved once. A round reviewed meanwhile answers 409
 * and the phone says so. Vendored, no library. Without IndexedDB the forms post as before. */
(function () {
  "use strict";
  var box = document.getElementById("offline-queue");
  if (!box || !window.indexedDB || !window.fetch) { return; }
  var T = box.dataset, roundId = T.round, syncUrl = T.sync;
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var opening = null, busy = false, again = false;

  function db() {
    if (!opening) {
      opening = new Promise(function (ok, ko) {
        var req = indexedDB.open("yunwei-rounds", 1);
        req.onupgradeneeded = function () {
          req.result.createObjectStore("answers", {keyPath: "key"});
        };
        req.onsuccess = function () { ok(req.result); };
        req.onerror = function () { ko(req.error); };
      });
    }
    return opening;
  }
  function store(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, ko) {
        var tx = d.transaction("answers", mode), req = fn(tx.objectStore("answers"));
        tx.oncomplete = function () { ok(req ? req.result : undefined); };
        tx.onerror = function () { ko(tx.error); };
        tx.onabort = function () { ko(tx.error); };
      });
    });
  }
  function queued() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (rows) {
      return rows.filter(function (r) { return r.round === roundId; });
    });
  }
  function put(rows) {
    return store("readwrite", function (s) { rows.forEach(function (r) { s.put(r); }); });
  }
  function drop(keys) {
    return store("readwrite", function (s) { keys.forEach(function (k) { s.delete(k); }); });
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function formOf(item) { return document.querySelector("form.round-form[data-item='" + item + "']"); }
  function say(form, text, kind) {
    var p = form && form.querySelector(".sync-status");
    if (p) { p.textContent = text; p.className = "sync-status " + (kind || ""); }
  }
  function banner(text, kind) {
    box.textContent = text || "";
    box.className = "panel offline-queue " + (kind || "");
    box.hidden = !text;
  }
  function refresh() {
    return queued().then(function (rows) {
      if (!box.classList.contains("error")) {
        banner(rows.length ? T.msgWaiting.replace("{n}", rows.length) : "", "queued");
      }
      rows.forEach(function (r) { say(formOf(r.item), T.msgQueued, "queued"); });
      return rows.length;
    });
  }

  function apply(data) {
    var state = document.getElementById("round-state");
    if (state && data.state_label) { state.textContent = data.state_label; }
    data.results.forEach(function (r) {
      var form = formOf(r.item);
      if (r.status === "refused") { say(form, r.message, "error"); return; }
      say(form, T.msgSaved, "saved");
      var kept = form && form.querySelector("fieldset[data-check='" + r.check + "'] .kept");
      if (kept && r.work_order && !kept.querySelector("a.work-order")) {
        var a = document.createElement("a");
        a.href = r.work_order.url; a.className = "work-order"; a.textContent = r.work_order.number;
        kept.appendChild(a);
      }
    });
    (data.done_items || []).forEach(function (item) {
      var h = document.querySelector("#item-" + item + " h2");
      if (h && h.textContent.indexOf("✔") !== 0) { h.insertBefore(document.createTextNode("✔ "), h.firstChild); }
    });
  }

  function flush() {
    if (busy) { again = true; return Promise.resolve(); }
    if (!navigator.onLine) { return refresh(); }
    busy = true;
    return queued().then(function (rows) {
      if (!rows.length) { return null; }
      var fd = new FormData();
      fd.append("answers", JSON.stringify(rows.map(function (r) {
        return {key: r.key, item: r.item, check: r.check, outcome: r.outcome, value: r.value,
                note: r.note, at: r.at};
      })));
      rows.forEach(function (r) { if (r.photo) { fd.append("photo_" + r.key, r.photo, r.photoName || "photo.jpg"); } });
      return fetch(syncUrl, {method: "POST", body: fd, credentials: "same-origin",
                             headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
        .then(function (resp) {
          return resp.json().then(function (data) { return {status: resp.status, data: data}; });
        })
        .then(function (r) {
          var keys = rows.map(function (x) { return x.key; });
          if (r.status === 409) {  // closed meanwhile: these answers will never be saved
            return drop(keys).then(function () {
              banner(r.data.error, "error");
              rows.forEach(function (x) { say(formOf(x.item), r.data.error, "error"); });
            });
          }
          if (r.status !== 200) { banner(r.data.error || T.msgFailed, "error"); return null; }
          apply(r.data);
          return drop(r.data.results.map(function (x) { return x.key; }));
        });
    }).catch(function () {
      /* no connection, or the server could not be reached: kept for the next try */
    }).then(function () {
      busy = false;
      if (again) { again = false; return flush(); }
      return refresh();
    });
  }

  document.querySelectorAll("form.round-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var item = form.dataset.item, at = new Date().toISOString(), rows = [];
      form.querySelectorAll("fieldset[data-check]").forEach(function (fs) {
        var c = fs.dataset.check;
        var chosen = fs.querySelector("input[name=outcome_" + c + "]:checked");
        if (!chosen) { return; }
        var file = fs.querySelector("input[name=photo_" + c + "]");
        var photo = file && file.files && file.files[0] ? file.files[0] : null;
        rows.push({key: newKey(), round: roundId, item: item, check: c, outcome: chosen.value,
                   value: fs.querySelector("input[name=value_" + c + "]").value,
                   note: fs.querySelector("input[name=note_" + c + "]").value,
                   photo: photo, photoName: photo ? photo.name : "", at: at});
      });
      if (!rows.length) { say(form, T.msgNothing, "error"); return; }
      queued().then(function (old) {  // a newer answer of the same check replaces a queued one
        return drop(old.filter(function (q) {
          return rows.some(function (r) { return r.item === q.item && r.check === q.check; });
        }).map(function (q) { return q.key; }));
      }).then(function () { return put(rows); }).then(function () {
        say(form, T.msgQueued, "queued");
        return flush();
      }).catch(function (e) { say(form, T.msgFailed + " " + e, "error"); });
    });
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", refresh);
  flush();
}());
