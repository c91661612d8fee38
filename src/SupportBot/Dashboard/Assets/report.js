// The monthly SLA report page: the month of the address (last month by default) as text, with its CSV and JSON downloads.
"use strict";
(() => {
  const { showError } = window.Dash;

  const lastMonth = () => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  };

  const month = new URLSearchParams(location.search).get("month") || lastMonth();
  document.getElementById("month").value = month;
  const url = (format) => `/api/dashboard/report?${new URLSearchParams({ month, format })}`;
  document.getElementById("csv").href = url("csv");
  document.getElementById("json").href = url("json");

  document.getElementById("pick").addEventListener("submit", (e) => {
    e.preventDefault();
    location.search = new URLSearchParams({ month: document.getElementById("month").value }).toString();
  });

  (async () => {
    try {
      const response = await fetch(url("text"), { credentials: "same-origin" });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        throw new Error((problem && problem.detail) || `The report answered ${response.status}`);
      }
      document.getElementById("report").textContent = await response.text();
      document.body.dataset.state = "ready";
    } catch (error) {
      showError(error);
      document.body.dataset.state = "error";
    }
  })();
})();
