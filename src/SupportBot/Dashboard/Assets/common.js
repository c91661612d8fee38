// Shared by the dashboard's scripts: building elements from text (never markup), fetching JSON, formatting.
"use strict";
window.Dash = (() => {
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v !== null && v !== undefined) node.setAttribute(k, String(v));
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  };

  // An error answer is a problem document: show what it says.
  const getJson = async (url) => {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && (body.detail || body.title)) || `${url} answered ${response.status}`);
    return body;
  };

  const showError = (error) => {
    const p = document.getElementById("page-error");
    p.textContent = error ? String(error.message || error) : "";
    p.hidden = !error;
  };

  const minutes = (m) => {
    if (m === null || m === undefined) return "–";
    const total = Math.round(m);
    const h = Math.floor(total / 60);
    return h > 0 ? `${h}h ${String(total % 60).padStart(2, "0")}m` : `${total}m`;
  };

  const percent = (rate) => (rate === null || rate === undefined ? "–" : `${Math.round(rate * 1000) / 10}%`);

  // "in 1h 02m 05s" / "3m 10s over": a clock's time left, to the second.
  const left = (ms) => {
    const s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600);
    const text = `${h > 0 ? `${h}h ` : ""}${String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, "0")}m ${String(s % 60).padStart(2, "0")}s`;
    return ms >= 0 ? `${text} left` : `${text} over`;
  };

  const dateTime = (iso) => new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";

  // The period of the page's address (month=, or from= and to=), passed on to the API as it is.
  const periodQuery = () => {
    const q = new URLSearchParams(location.search);
    const out = new URLSearchParams();
    for (const k of ["month", "from", "to"]) if (q.get(k)) out.set(k, q.get(k));
    return out.toString();
  };

  return { el, getJson, showError, minutes, percent, left, dateTime, periodQuery };
})();
