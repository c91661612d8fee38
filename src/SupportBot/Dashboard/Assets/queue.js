// The queue table and its live clocks. The server gives due instants and its own "now" (asOf); the
// page counts from that, so the clocks are right even when this computer's clock is not.
"use strict";
window.DashQueue = (() => {
  const { el, dateTime, left } = window.Dash;
  let serverNow = () => Date.now();

  const clockCell = (kind, clock) => {
    // The countdown is wall-clock time to the due instant, which the server placed on the SLA calendar: show that instant too.
    const td = el("td", { class: `clock ${clock.state}`, "data-clock": kind, "data-state": clock.state, "data-due": clock.due, title: clock.due ? `Due ${dateTime(clock.due)}` : null });
    if (clock.state === "paused") td.textContent = "Paused";
    else if (clock.state === "met") td.textContent = "Met";
    return td;
  };

  const count = (n) => n.toLocaleString("en-US");

  const marker = () => el("span", { class: "breach", title: "An SLA target was missed" }, "Breached");

  const row = (c) => {
    const tr = el("tr", { "data-case": c.number, "data-severity": c.severityId, class: c.breached ? "breached" : null });
    const number = el("td", {}, c.number);
    if (c.breached) number.append(" ", marker());
    tr.append(number, el("td", {}, c.severityName), el("td", {}, c.title), el("td", {}, c.status), el("td", {}, c.owner || "Unclaimed"),
      el("td", {}, dateTime(c.openedAt)), clockCell("response", c.response), clockCell("resolution", c.resolution));
    return tr;
  };

  // Every second: the time left on each running clock; one that runs out now is a breach, marked at once.
  const tick = () => {
    const now = serverNow();
    for (const td of document.querySelectorAll("#queue td.clock")) {
      if (td.dataset.state !== "running" && td.dataset.state !== "missed") continue;
      if (!td.dataset.due) continue;
      const ms = Date.parse(td.dataset.due) - now;
      td.textContent = left(ms);
      if (ms < 0 && td.dataset.state === "running") {
        td.dataset.state = "missed";
        td.className = "clock missed";
        const tr = td.closest("tr");
        if (!tr.classList.contains("breached")) {
          tr.classList.add("breached");
          tr.firstChild.append(" ", marker());
        }
      }
    }
  };

  const show = (queue) => {
    const fetchedAt = performance.now();
    const asOf = Date.parse(queue.asOf);
    serverNow = () => asOf + (performance.now() - fetchedAt);
    document.querySelector("#queue tbody").replaceChildren(...queue.cases.map(row));
    document.getElementById("queue-count").textContent = `(${count(queue.count)})`;
    document.getElementById("queue-empty").hidden = queue.count > 0;
    // The server sends the head of the queue: say how many open cases are not listed.
    const more = document.getElementById("queue-more");
    more.textContent = `Showing the first ${count(queue.cases.length)} of ${count(queue.count)} open cases, in queue order: ${count(queue.more)} more are not shown.`;
    more.hidden = queue.more === 0;
    tick();
  };

  setInterval(tick, 1000);
  return { show };
})();
