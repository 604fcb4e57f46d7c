// Search: the query and every filter live in the URL, so a link reproduces the page.
"use strict";

MM.register("search", async () => {
  const FILTERS = ["entity", "lang", "source", "country", "topic", "framing"];
  const FACET_FILTER = { entity: "entity", lang: "lang", source: "source", country: "country", topic: "topic",
                         framing: "framing" };
  const form = document.getElementById("search-form");
  const hitsList = document.getElementById("hits");
  const moreButton = document.getElementById("more");
  const queryError = document.getElementById("query-error");
  let nextCursor = null;

  function state() {
    const params = new URLSearchParams(location.search);
    const result = { q: params.get("q") || "", sort: params.get("sort") || "date",
                     since: params.get("since") || "", until: params.get("until") || "" };
    for (const name of FILTERS) result[name] = params.getAll(name);
    return result;
  }

  function apiParams(current, extra) {
    return { ...current, q: current.q || "*", ...extra };
  }

  function navigate(current) {
    history.pushState(null, "", MM.url("/console/search", current));
    load();
  }

  function renderChips(current) {
    const chips = document.getElementById("chips");
    chips.replaceChildren();
    for (const name of FILTERS) {
      for (const value of current[name]) {
        chips.append(MM.el("button", { type: "button", class: "chip", title: MM.t("remove_filter"),
          onclick: () => navigate({ ...current, [name]: current[name].filter((v) => v !== value) }) },
          `${name}: ${name === "topic" ? MM.topicName(value) : value} ✕`));
      }
    }
  }

  function renderFacets(current, facets) {
    const aside = document.getElementById("facets");
    aside.replaceChildren();
    for (const [name, counts] of Object.entries(facets || {})) {
      const entries = Object.entries(counts);
      if (!entries.length) continue;
      const list = MM.el("ul", {});
      for (const [value, count] of name === "day" ? entries.reverse().slice(0, 14) : entries) {
        const filter = FACET_FILTER[name];
        const active = filter && current[filter].includes(value);
        const pick = name === "day"
          ? () => navigate({ ...current, since: value, until: value })
          : () => navigate({ ...current, [filter]: active ? current[filter] : [...current[filter], value] });
        list.append(MM.el("li", {}, MM.el("button", { type: "button", class: active ? "facet active" : "facet",
          dataset: { facet: name, value }, onclick: pick }, MM.el("span", {}, name === "topic" ? MM.topicName(value) : value), MM.el("span", { class: "count" }, count))));
      }
      aside.append(MM.el("section", {}, MM.el("h3", {}, MM.t(`facet_${name}`)), list));
    }
  }

  async function page(current, after) {
    const result = await MM.api("/search", apiParams(current, { facets: !after, after, size: 25 }));
    for (const hit of result.hits) hitsList.append(MM.hitCard(hit));
    nextCursor = result.next_cursor;
    moreButton.hidden = !nextCursor;
    return result;
  }

  async function load() {
    const current = state();
    document.getElementById("q").value = current.q;
    document.getElementById("sort").value = current.sort;
    document.getElementById("since").value = current.since;
    document.getElementById("until").value = current.until;
    for (const button of document.querySelectorAll("#presets [data-since]")) {
      button.classList.toggle("active", button.dataset.since === current.since && !current.until);
    }
    renderChips(current);
    hitsList.replaceChildren();
    queryError.hidden = true;
    document.getElementById("total").textContent = MM.t("loading");
    try {
      const result = await page(current, null);
      const total = `${result.total.toLocaleString(document.documentElement.lang)}${result.total_is_exact ? "" : "+"}`;
      document.getElementById("total").textContent = result.total ? `${total} ${MM.t("results")}` : MM.t("no_results");
      renderFacets(current, result.facets);
    } catch (error) {
      document.getElementById("total").textContent = "";
      document.getElementById("facets").replaceChildren();
      MM.showQueryError(queryError, current.q, error);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...state(), q: document.getElementById("q").value.trim(), sort: document.getElementById("sort").value,
               since: document.getElementById("since").value.trim(), until: document.getElementById("until").value.trim() });
  });
  for (const button of document.querySelectorAll("#presets [data-since]")) {
    button.addEventListener("click", () => navigate({ ...state(), q: document.getElementById("q").value.trim(),
                                                     since: button.dataset.since, until: "" }));
  }
  moreButton.addEventListener("click", async () => {
    try { await page(state(), nextCursor); } catch (error) { MM.toast(error.message); }
  });
  document.getElementById("download-csv").addEventListener("click", async () => {
    try { await MM.download("/search.csv", apiParams(state(), {}), "mediamon-articles.csv"); }
    catch (error) { MM.toast(error.message); }
  });
  window.addEventListener("popstate", load);
  await load();
});
