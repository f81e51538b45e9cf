// Yunwei: send the CSRF token with every htmx request (no inline scripts: CSP script-src 'self').
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.getAttribute("content"); }
});

// Filters are folded on a phone (the first rows come first) and open on a wider screen.
document.addEventListener("DOMContentLoaded", function () {
  if (window.matchMedia("(min-width: 700px)").matches) {
    document.querySelectorAll("details.filters-fold").forEach(function (d) { d.open = true; });
  }
});

// On a phone a table's rows are stacked and each cell is labelled by its column
// (yunwei.css, td::before). Tables written by hand without <thead> or data-label get both here:
// the row of header cells is marked as such and each cell takes the label of its column.
function labelTables(root) {
  root.querySelectorAll("table.table").forEach(function (table) {
    var head = table.querySelector("thead tr");
    if (!head) {
      head = Array.prototype.find.call(table.rows, function (row) {
        return row.cells.length && Array.prototype.every.call(row.cells, function (c) {
          return c.tagName === "TH";
        });
      });
      if (!head) { return; }
      head.classList.add("table-head");
    }
    var labels = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) { labels.push(cell.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      if (row === head || row.parentNode.tagName === "THEAD") { return; }
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        // a cell spanning columns (an empty list's message) belongs to none of them
        if (!cell.hasAttribute("data-label") && labels[col] && (cell.colSpan || 1) === 1) {
          cell.setAttribute("data-label", labels[col]);
        }
        col += cell.colSpan || 1;
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelTables(document); });
document.addEventListener("htmx:afterSwap", function (event) { labelTables(event.target); });

// A section that refreshes itself (hx-trigger "every 60s, refresh", data-poll-visible="NAME"):
// no request while the tab is hidden, one at once when it is shown again, and a response is
// swapped in only if it is that fragment (X-Yunwei-Fragment: NAME), never a login page.
document.addEventListener("htmx:beforeRequest", function (event) {
  var elt = event.detail.elt;
  if (document.hidden && elt && elt.hasAttribute && elt.hasAttribute("data-poll-visible")) {
    event.preventDefault();
  }
});
document.addEventListener("htmx:beforeSwap", function (event) {
  var elt = event.detail.elt;
  if (elt && elt.hasAttribute && elt.hasAttribute("data-poll-visible")) {
    var name = event.detail.xhr.getResponseHeader("X-Yunwei-Fragment");
    event.detail.shouldSwap = event.detail.xhr.status === 200 &&
      name === elt.getAttribute("data-poll-visible");
  }
});
document.addEventListener("visibilitychange", function () {
  if (!document.hidden && window.htmx) {
    document.querySelectorAll("[data-poll-visible]").forEach(function (elt) {
      window.htmx.trigger(elt, "refresh");
    });
  }
});
