// The KPI tiles and the SLA attainment per severity, for the chosen period.
"use strict";
window.DashTiles = (() => {
  const { el, minutes, percent } = window.Dash;

  const tile = (id, label, value, detail) =>
    el("div", { class: "tile", "data-kpi": id }, el("span", { class: "label" }, label), el("span", { class: "value" }, value), el("span", { class: "detail" }, detail));

  const ratio = (r) => (r.of === 0 ? "none decided" : `${percent(r.rate)} (${r.count} of ${r.of})`);

  const show = (k) => {
    const day = (iso) => iso.slice(0, 10);
    const end = new Date(Date.parse(k.end) - 1).toISOString();
    // With no period asked for, the form shows the month the server chose (this month in the desk's zone).
    if (!location.search) document.getElementById("month").value = k.start.slice(0, 7);
    document.getElementById("kpi-period").textContent = `(${day(k.start)} to ${day(end)})`;
    document.getElementById("tiles").replaceChildren(
      tile("cases", "Cases opened", k.cases, `${k.breached} breached a target`),
      tile("first-response-median", "First response, median", minutes(k.firstResponse.medianMinutes), `${k.firstResponse.count} responded`),
      tile("first-response-p90", "First response, p90", minutes(k.firstResponse.p90Minutes), "90% responded within"),
      tile("mttr", "MTTR", minutes(k.timeToResolve.meanMinutes), `${k.timeToResolve.count} resolved`),
      tile("fcr", "First contact resolution", percent(k.firstContactResolution.rate), `${k.firstContactResolution.count} of ${k.firstContactResolution.of} resolved`),
      tile("csat", "CSAT", k.csat.average === null ? "–" : `${k.csat.average} / 5`, `${k.csat.count} rated`),
      tile("pages", "Pages", `${k.pages.sent} sent`, `${k.pages.acknowledged} acknowledged, median ${minutes(k.pages.ackTime.medianMinutes)}, p90 ${minutes(k.pages.ackTime.p90Minutes)}`),
      tile("credits", "SLA credits due", k.credits.count, k.credits.count === 0 ? "none" : `${k.credits.percent}% of monthly fees in all`));
    document.querySelector("#attainment tbody").replaceChildren(...k.severities.map((s) =>
      el("tr", { "data-severity": s.id }, el("th", { scope: "row" }, s.name), el("td", {}, s.cases), el("td", {}, ratio(s.response)), el("td", {}, ratio(s.resolution)))));
  };

  return { show };
})();
