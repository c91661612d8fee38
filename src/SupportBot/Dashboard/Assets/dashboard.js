// The dashboard page: the period form, then the queue, KPI tiles and charts from /api/dashboard/*.
"use strict";
(() => {
  const { getJson, showError, periodQuery } = window.Dash;
  const query = periodQuery();

  const fill = () => {
    const q = new URLSearchParams(location.search);
    for (const k of ["month", "from", "to"]) document.getElementById(k).value = q.get(k) || "";
  };

  // Send only the fields given, so an empty month does not count as "a month and a range".
  document.getElementById("period").addEventListener("submit", (e) => {
    e.preventDefault();
    const out = new URLSearchParams();
    for (const k of ["month", "from", "to"]) {
      const v = document.getElementById(k).value;
      if (v) out.set(k, v);
    }
    location.search = out.toString();
  });

  const loadQueue = async () => window.DashQueue.show(await getJson("/api/dashboard/queue"));

  const load = async () => {
    try {
      const [, kpis, charts] = await Promise.all([
        loadQueue(), getJson(`/api/dashboard/kpis?${query}`), getJson(`/api/dashboard/charts?${query}`)]);
      window.DashTiles.show(kpis);
      window.DashCharts.show(charts);
      showError(null);
      document.body.dataset.state = "ready";
    } catch (error) {
      showError(error);
      document.body.dataset.state = "error";
    }
  };

  fill();
  load();
  // The queue changes as cases come and go; the clocks tick in between.
  setInterval(() => loadQueue().catch(showError), 30000);
})();
