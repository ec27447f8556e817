// Bulk certificate issue: refresh the progress page's counts every few seconds while the batch runs.
// The page works without this script (its "Refresh" link reloads it).
(function () {
  "use strict";
  var box = document.getElementById("batch-progress");
  if (!box || box.dataset.running !== "1" || !window.fetch) {
    return;
  }
  var bar = document.getElementById("batch-bar");
  function field(name) {
    return box.querySelector('[data-field="' + name + '"]');
  }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        ["issued", "skipped", "failed", "remaining"].forEach(function (name) {
          field(name).textContent = data[name];
        });
        bar.max = data.total;
        bar.value = data.done;
        bar.textContent = data.percent + "%";
        if (data.status === "done") {
          window.location.reload(); // shows the failures and the retry button
        } else {
          window.setTimeout(poll, 3000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 3000);
})();
