// Sources: every feed's health; silent and failing feeds stand out.
"use strict";

MM.register("sources", async () => {
  const body = document.querySelector("#sources-table tbody");
  function minutes(seconds) { return seconds ? `${Math.round(seconds / 60)} min` : "—"; }
  function statusCell(source) {
    const labels = [MM.el("span", { class: `pill ${source.status === "error" ? "bad" : "ok"}` },
      source.status === "never polled" ? MM.t("never_polled") : source.status === "disabled" ? MM.t("disabled") : source.status)];
    if (source.silent) labels.push(MM.el("span", { class: "pill warn" }, MM.t("silent")));
    return MM.el("td", {}, labels);
  }
  async function load() {
    try {
      const sources = await MM.api("/sources");
      body.replaceChildren(...sources.map((source) => MM.el("tr", { class: source.enabled ? "" : "disabled" },
        MM.el("td", {}, MM.el("strong", {}, source.name), MM.el("div", { class: "url" }, source.url)),
        statusCell(source), MM.el("td", {}, MM.time(source.last_poll)), MM.el("td", { class: "num" }, source.articles_24h),
        MM.el("td", {}, minutes(source.interval_seconds)),
        MM.el("td", { class: "error-text" }, source.error ? `${source.http_status || ""} ${source.error}` : ""))));
    } catch (error) {
      MM.showError(document.getElementById("sources-error"), error);
    }
  }
  await load();
  setInterval(load, 30000);
});
