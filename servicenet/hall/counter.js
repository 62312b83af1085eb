// The clerk's counter page refreshes itself: it follows the hall's event stream (/hall/display/events, the
// display's) and, when the queue changes, fetches this page again and swaps in the waiting line, and the
// current ticket unless the clerk is typing in it. Falls back to polling every 5 s without EventSource.
(function () {
  "use strict";
  var seen = null;
  window.hallCounter = {refreshes: 0};

  function typing(part) {
    var el = document.activeElement;
    return !!(el && part.contains(el) && (el.tagName === "INPUT" || el.tagName === "SELECT") && el.value);
  }

  function refresh() {
    fetch(window.location.pathname, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (r.redirected || !r.ok) { window.location.reload(); return null; }  // signed out, or the counter is gone
      return r.text();
    }).then(function (html) {
      if (html === null) return;
      var fresh = new DOMParser().parseFromString(html, "text/html");
      ["waiting", "desk"].forEach(function (id) {
        var now = document.getElementById(id), next = fresh.getElementById(id);
        if (now && next && !typing(now)) now.innerHTML = next.innerHTML;
      });
      window.hallCounter.refreshes += 1;
    }).catch(function () { /* the next change tries again */ });
  }

  function changed(data) {
    if (seen !== null && data !== seen) refresh();
    seen = data;
  }

  if (window.EventSource) {
    var source = new EventSource("/hall/display/events");
    source.onmessage = function (e) { changed(e.data); };
  } else {
    setInterval(function () {
      fetch("/hall/display/state", {cache: "no-store"}).then(function (r) { return r.text(); }).then(changed);
    }, 5000);
  }
})();
