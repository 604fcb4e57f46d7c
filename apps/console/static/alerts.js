// Alert subscriptions: the same operations and validation as `mediamon alerts`.
"use strict";

MM.register("alerts", async () => {
  const body = document.querySelector("#alerts-table tbody");
  const errorLine = document.getElementById("alerts-error");

  function list(value) { return String(value || "").split(",").map((v) => v.trim()).filter(Boolean); }

  function filters(sub) {
    const parts = [];
    for (const key of ["entities", "languages", "topics", "sources", "countries", "framings"]) {
      if ((sub[key] || []).length) parts.push(`${key}: ${sub[key].join(", ")}`);
    }
    if (sub.query) parts.push(`query: ${sub.query}`);
    return parts.join(" · ");
  }

  function outcome(item) {
    return MM.el("span", { class: `pill ${item.ok ? "ok" : "bad"}`, title: item.error || "" },
      `${MM.t(item.ok ? "delivered" : "failed")} · ${MM.time(item.at)}`);
  }

  // The latest outcome, the counts, and the last few deliveries (an intermittent failure stays visible).
  function status(sub) {
    if (!sub.status) return MM.el("span", { class: "pill" }, MM.t("never"));
    const recent = sub.status.recent || [];
    const counts = MM.el("div", { class: "counts" },
      `${sub.status.delivered || 0} ${MM.t("delivered")} · ${sub.status.failures || 0} ${MM.t("failed")}`);
    if (!recent.length) return MM.el("div", {}, outcome(sub.status), counts);
    return MM.el("div", {}, outcome(sub.status), counts,
      MM.el("details", { class: "deliveries" },
        MM.el("summary", {}, `${MM.t("recent_deliveries")} (${recent.length})`),
        MM.el("ol", {}, ...recent.map((item) => MM.el("li", { dataset: { ok: String(item.ok) } },
          MM.el("span", { class: item.ok ? "ok" : "bad" }, item.ok ? "✓" : "✗"), " ",
          MM.el("time", { datetime: item.at }, MM.time(item.at)), " ", item.kind,
          item.articles ? ` · ${item.articles} ${MM.t("articles")}` : "", item.error ? ` — ${item.error}` : "")))));
  }

  async function act(label, method, path) {
    try {
      const answer = await MM.api(path, null, { method });
      if (answer.channels) {
        MM.toast(answer.channels.map((c) => `${c.ok ? "✓" : "✗"} ${c.channel}${c.error ? ": " + c.error : ""}`).join("\n"));
      } else {
        MM.toast(label);
      }
      await load();
    } catch (error) { MM.toast(error.message); }
  }

  function row(sub) {
    const base = `/alerts/subscriptions/${encodeURIComponent(sub.id)}`;
    return MM.el("tr", { dataset: { id: sub.id } },
      MM.el("td", {}, MM.el("strong", {}, sub.name), MM.el("div", { class: "url" }, sub.id)),
      MM.el("td", {}, sub.mode, " ", MM.el("span", { class: `pill ${sub.paused ? "warn" : "ok"}` }, MM.t(sub.paused ? "paused" : "active"))),
      MM.el("td", {}, filters(sub)),
      MM.el("td", {}, (sub.channels || []).map((c) => MM.el("div", {}, typeof c === "string" ? c : `${c.kind}: ${c.target || ""}`))),
      MM.el("td", {}, status(sub)),
      MM.el("td", { class: "actions" },
        MM.el("button", { type: "button", onclick: () => act(MM.t(sub.paused ? "resume_alert" : "pause_alert"), "POST",
          `${base}/${sub.paused ? "resume" : "pause"}`) }, MM.t(sub.paused ? "resume_alert" : "pause_alert")),
        MM.el("button", { type: "button", onclick: () => act(MM.t("test_alert"), "POST", `${base}/test`) }, MM.t("test_alert")),
        MM.el("button", { type: "button", class: "danger", onclick: () => {
          if (confirm(MM.t("confirm_remove"))) act(MM.t("remove_alert"), "DELETE", base);
        } }, MM.t("remove_alert"))));
  }

  async function load() {
    try {
      errorLine.hidden = true;
      body.replaceChildren(...(await MM.api("/alerts/subscriptions")).map(row));
    } catch (error) { MM.showError(errorLine, error); }
  }

  document.getElementById("alert-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const formError = document.getElementById("alert-form-error");
    const payload = { name: form.get("name"), query: form.get("query") || null, entities: list(form.get("entities")),
                      languages: list(form.get("languages")), framings: list(form.get("framings")), mode: form.get("mode"),
                      webhooks: list(form.get("webhooks")), emails: list(form.get("emails")),
                      max_per_minute: Number(form.get("max_per_minute") || 10) };
    try {
      await MM.api("/alerts/subscriptions", null, { method: "POST", body: JSON.stringify(payload),
                                                     headers: { "Content-Type": "application/json" } });
      formError.hidden = true;
      event.target.reset();
      await load();
    } catch (error) { MM.showError(formError, error); }
  });
  await load();
});
