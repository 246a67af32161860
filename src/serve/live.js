// monazite serve: live reload for the preview. Never part of a build.
// Listens on the server's event stream and reloads the page when the site
// changes, swaps stylesheets when only CSS changed, and shows or hides the
// build-error overlay.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : "";
  var url = "/__monazite/live?path=" + encodeURIComponent(location.pathname);
  var source;

  function reload() {
    if (source) source.close();
    location.reload();
  }

  function refreshStyles(version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").replace(/[?&]__monazite=[^&]*$/, "");
      var join = href.indexOf("?") === -1 ? "?" : "&";
      links[i].setAttribute("href", href + join + "__monazite=" + version);
    }
  }

  function showProblems(html) {
    var old = document.getElementById("monazite-overlay");
    if (old) old.remove();
    if (html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var overlay = holder.firstElementChild;
      if (overlay) document.body.appendChild(overlay);
    }
  }

  function connect() {
    source = new EventSource(url);
    // On (re)connecting: a page older than the site is reloaded.
    source.addEventListener("hello", function (e) {
      if (e.data !== generation) reload();
    });
    source.addEventListener("reload", function () {
      reload();
    });
    source.addEventListener("css", function (e) {
      generation = e.data;
      refreshStyles(e.data);
    });
    source.addEventListener("problems", function (e) {
      var newline = e.data.indexOf("\n");
      generation = e.data.slice(0, newline);
      showProblems(e.data.slice(newline + 1));
    });
  }

  connect();
})();
