// An ingest job's page while the job runs: its state and counts are read from the API
// every second and shown; when the job ends, the page is loaded again, whole.
"use strict";
(function () {
  const section = document.querySelector("section.job[data-job]");
  if (!section) return;
  const id = section.dataset.job;
  const MAX_POLLS = 7200; // two hours: then the page stops asking
  let polls = 0;
  function show(field, value) {
    const element = document.getElementById(field);
    if (element) element.textContent = String(value);
  }
  function total(counts) {
    return Object.values(counts || {}).reduce(function (a, b) { return a + b; }, 0);
  }
  async function poll() {
    polls += 1;
    try {
      const answer = await fetch("/api/v1/ingest/" + encodeURIComponent(id), {
        headers: { Accept: "application/json" },
      });
      if (answer.ok) {
        const job = await answer.json();
        const counts = (job.progress && job.progress.ingest) || {};
        show("job-state", job.state + (job.stage ? ": " + job.stage : ""));
        show("job-read", (counts.inputs || 0) + " inputs");
        show("job-stored", counts.stored || 0);
        show("job-already", counts.already || 0);
        show("job-duplicates", counts.duplicates || 0);
        show("job-quarantined", total(counts.quarantined));
        if (job.state !== "queued" && job.state !== "running") {
          window.location.reload();
          return;
        }
        const quarantined = String(job.quarantine.length);
        if (job.quarantine.length && quarantined !== section.dataset.shown) {
          section.dataset.shown = quarantined;
          showQuarantine(job.quarantine);
        }
      }
    } catch (error) {
      // the server may be restarting: ask again
    }
    if (polls < MAX_POLLS) window.setTimeout(poll, 1000);
  }
  function showQuarantine(items) {
    const table = document.createElement("table");
    table.className = "quarantine";
    const head = table.createTHead().insertRow();
    ["Input", "Reason", "Detail"].forEach(function (name) {
      const cell = document.createElement("th");
      cell.textContent = name;
      head.appendChild(cell);
    });
    const body = table.createTBody();
    items.forEach(function (item) {
      const row = body.insertRow();
      [item.source, item.reason, item.detail || ""].forEach(function (value) {
        row.insertCell().textContent = value;
      });
    });
    const place = document.getElementById("job-quarantine");
    place.replaceChildren(table);
  }
  window.setTimeout(poll, 1000);
})();
