// The charts as inline SVG, drawn from /api/dashboard/charts: cases per week by severity (stacked bars),
// MTTR per week (a line), top categories (horizontal bars). Each has a title and labelled axes.
"use strict";
window.DashCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const W = 560, H = 280, L = 56, R = 16, T = 16, B = 56;
  const COLOURS = ["#b3261e", "#c25e00", "#4f52b2", "#237b4b", "#59636e", "#8a3ffc"];

  const svg = (tag, attrs = {}, text) => {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  };

  const chart = (id, title, description) => {
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc`, id, class: "chart" });
    root.append(svg("title", { id: `${id}-title` }, title), svg("desc", { id: `${id}-desc` }, description));
    return root;
  };

  const weekLabel = (iso) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

  // A y axis from 0 to max with about five round ticks, its title, and the x axis title.
  const axes = (root, max, yTitle, xTitle, format = (v) => v) => {
    const step = Math.max(1, niceStep(max / 5));
    const top = Math.max(step, Math.ceil(max / step) * step);
    for (let v = 0; v <= top + 1e-9; v += step) {
      const y = T + (H - T - B) * (1 - v / top);
      root.append(svg("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }), svg("text", { x: L - 6, y: y + 4, "text-anchor": "end", class: "tick" }, format(v)));
    }
    root.append(svg("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }));
    root.append(svg("text", { x: 14, y: (H - B + T) / 2, transform: `rotate(-90 14 ${(H - B + T) / 2})`, "text-anchor": "middle", class: "axis-title" }, yTitle));
    root.append(svg("text", { x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle", class: "axis-title" }, xTitle));
    return (v) => T + (H - T - B) * (1 - v / top);
  };

  const niceStep = (raw) => {
    if (raw <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  };

  const volume = (data) => {
    const root = chart("chart-volume", "Cases opened per week, by severity", "Stacked bars: one per week, one colour per severity.");
    const totals = data.weeks.map((w) => w.cases.reduce((a, b) => a + b, 0));
    const y = axes(root, Math.max(1, ...totals), "Cases opened", "Week starting");
    const band = (W - L - R) / Math.max(1, data.weeks.length);
    data.weeks.forEach((w, i) => {
      const x = L + i * band + band * 0.15;
      let base = 0;
      w.cases.forEach((n, s) => {
        if (n === 0) return;
        const rect = svg("rect", { x, y: y(base + n), width: band * 0.7, height: y(base) - y(base + n), fill: COLOURS[s % COLOURS.length], "data-week": w.start, "data-severity": data.severities[s].id });
        rect.append(svg("title", {}, `${data.severities[s].name}, week of ${weekLabel(w.start)}: ${n}`));
        root.append(rect);
        base += n;
      });
      root.append(svg("text", { x: L + i * band + band / 2, y: H - B + 16, "text-anchor": "middle", class: "tick" }, weekLabel(w.start)));
    });
    const legend = document.createElement("ul");
    legend.className = "legend";
    data.severities.forEach((s, i) => {
      const item = document.createElement("li");
      const swatch = svg("svg", { width: 12, height: 12, "aria-hidden": "true" });
      swatch.append(svg("rect", { width: 12, height: 12, fill: COLOURS[i % COLOURS.length] }));
      item.append(swatch, ` ${s.name}`);
      legend.append(item);
    });
    return figure(root, legend);
  };

  const mttr = (data) => {
    const root = chart("chart-mttr", "MTTR per week (hours)", "Mean time to resolve of each week's resolved cases; no point where none was resolved.");
    const hours = data.weeks.map((w) => (w.mttrMinutes === null ? null : w.mttrMinutes / 60));
    const y = axes(root, Math.max(1, ...hours.filter((h) => h !== null)), "MTTR (hours)", "Week starting");
    const band = (W - L - R) / Math.max(1, data.weeks.length);
    const x = (i) => L + i * band + band / 2;
    let d = "";
    hours.forEach((h, i) => {
      if (h === null) { d += " "; return; }
      d += `${d.endsWith(" ") || d === "" ? "M" : "L"}${x(i).toFixed(1)},${y(h).toFixed(1)}`;
    });
    if (d.trim()) root.append(svg("path", { d: d.trim().replace(/ +/g, " "), class: "line" }));
    else root.append(svg("text", { x: (L + W - R) / 2, y: (T + H - B) / 2, "text-anchor": "middle", class: "tick" }, "No case resolved in this period"));
    hours.forEach((h, i) => {
      root.append(svg("text", { x: x(i), y: H - B + 16, "text-anchor": "middle", class: "tick" }, weekLabel(data.weeks[i].start)));
      if (h === null) return;
      const dot = svg("circle", { cx: x(i), cy: y(h), r: 4, class: "point", "data-week": data.weeks[i].start });
      dot.append(svg("title", {}, `Week of ${weekLabel(data.weeks[i].start)}: ${h.toFixed(1)} h`));
      root.append(dot);
    });
    return figure(root);
  };

  const categories = (data) => {
    const root = chart("chart-categories", "Top categories", "Cases opened in the period per category, most first.");
    const rows = data.topCategories;
    const max = Math.max(1, ...rows.map((c) => c.cases));
    const left = 160, row = Math.min(32, (H - T - B) / Math.max(1, rows.length));
    rows.forEach((c, i) => {
      const width = (W - left - R - 30) * (c.cases / max);
      const y = T + i * row;
      root.append(svg("text", { x: left - 8, y: y + row / 2 + 4, "text-anchor": "end", class: "tick" }, c.name));
      const bar = svg("rect", { x: left, y: y + row * 0.15, width: Math.max(1, width), height: row * 0.7, fill: COLOURS[2], "data-category": c.id });
      bar.append(svg("title", {}, `${c.name}: ${c.cases}`));
      root.append(bar, svg("text", { x: left + width + 6, y: y + row / 2 + 4, class: "tick" }, c.cases));
    });
    if (rows.length === 0) root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "tick" }, "No cases in this period"));
    root.append(svg("text", { x: (left + W - R) / 2, y: H - 8, "text-anchor": "middle", class: "axis-title" }, "Cases opened"));
    return figure(root);
  };

  const figure = (...children) => {
    const f = document.createElement("figure");
    f.append(...children);
    return f;
  };

  const show = (data) => document.getElementById("charts").replaceChildren(volume(data), mttr(data), categories(data));

  return { show };
})();
