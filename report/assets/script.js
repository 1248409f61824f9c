// Pages: the hash names the page shown ("#staff"), or one practitioner's
// week ("#staff:p01") or one day sheet ("#sheets:hardwick-2018-06-05").
(function () {
  "use strict";
  function show() {
    var h = location.hash.slice(1).split(":");
    var page = h[0], only = h[1] || "";
    var pages = document.querySelectorAll("section.page");
    if (!pages.length) { return; }
    var found = false;
    // Sections are "p-NAME", so that the browser does not scroll to
    // them as it would to an element named by the hash.
    pages.forEach(function (s) { if (s.id === "p-" + page) { found = true; } });
    if (!found) { page = pages[0].id.slice(2); only = ""; }
    pages.forEach(function (s) { s.classList.toggle("active", s.id === "p-" + page); });
    document.querySelectorAll("nav a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("href") === "#" + page);
    });
    document.querySelectorAll("#p-" + page + " [data-key]").forEach(function (el) {
      el.classList.toggle("hidden", only !== "" && el.getAttribute("data-key") !== only);
    });
    document.body.setAttribute("data-page", page);
  }
  window.addEventListener("hashchange", show);
  show();

  // The unmet list: filter by text and kind, sort by a column.
  var table = document.getElementById("unmet-table");
  if (table) {
    var body = table.tBodies[0];
    var text = document.getElementById("unmet-filter");
    var kind = document.getElementById("unmet-kind");
    var shown = document.getElementById("unmet-shown");
    var filter = function () {
      var q = text.value.toLowerCase(), k = kind.value, n = 0;
      Array.prototype.forEach.call(body.rows, function (r) {
        var ok = (q === "" || r.textContent.toLowerCase().indexOf(q) >= 0) &&
                 (k === "" || r.getAttribute("data-kind") === k);
        r.style.display = ok ? "" : "none";
        if (ok) { n++; }
      });
      shown.textContent = String(n);
    };
    text.addEventListener("input", filter);
    kind.addEventListener("change", filter);
    table.querySelectorAll("th.sort").forEach(function (th, col) {
      var asc = true;
      th.addEventListener("click", function () {
        var num = th.classList.contains("num");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent;
          var c = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return asc ? c : -c;
        });
        asc = !asc;
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    filter();
  }
})();
