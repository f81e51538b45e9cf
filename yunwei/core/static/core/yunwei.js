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
