// Stories: the same story across languages, its origin and who picked it up when, crediting whom.
"use strict";

MM.register("stories", async () => {
  const list = document.getElementById("stories");
  const queryError = document.getElementById("query-error");

  function state() {
    const params = new URLSearchParams(location.search);
    return { q: params.get("q") || "", sort: params.get("sort") || "size", since: params.get("since") || "7d" };
  }

  function navigate(current) {
    history.pushState(null, "", MM.url("/console/stories", current));
    load();
  }

  function lag(seconds) {
    if (!seconds) return "0";
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.round((seconds % 3600) / 60);
    return hours ? `${hours} h ${minutes} min` : `${minutes} min`;
  }

  function timeline(story) {
    return MM.el("table", { class: "timeline" },
      MM.el("thead", {}, MM.el("tr", {}, ...["published", "lag", "source", "language", "article_title", "credits"]
        .map((key) => MM.el("th", {}, MM.t(key))))),
      MM.el("tbody", {}, story.articles.map((article) => MM.el("tr", { class: article.id === story.origin.id ? "origin" : "" },
        MM.el("td", {}, MM.time(article.published)), MM.el("td", {}, lag(article.lag_seconds)),
        MM.el("td", {}, article.source), MM.el("td", {}, article.lang),
        MM.el("td", {}, MM.el("a", { href: MM.articleLink(article) }, article.title)),
        MM.el("td", {}, article.id === story.origin.id ? MM.t("origin") : article.credits_origin ? "✓" : "")))));
  }

  function card(story) {
    return MM.el("li", { class: "hit story", dataset: { story: story.story_id } },
      MM.el("a", { class: "title", href: MM.articleLink(story.origin) }, story.origin.title),
      MM.el("div", { class: "meta" },
        MM.el("span", { class: "badge" }, `${MM.t("origin")}: ${story.origin.source}`),
        MM.el("time", { datetime: story.origin.published }, MM.time(story.origin.published)),
        MM.el("span", {}, `${story.size} ${MM.t("story_size")}`),
        MM.el("span", {}, `${story.reprints_24h} ${MM.t("reprints_24h")}`),
        story.median_lag_seconds !== null ? MM.el("span", {}, `${MM.t("median_lag")} ${lag(story.median_lag_seconds)}`) : null,
        MM.el("span", {}, `${story.crediting_origin} ${MM.t("credit_origin")}`),
        ...story.languages.map((lang) => MM.el("span", { class: "badge lang" }, lang))),
      MM.el("details", {}, MM.el("summary", {}, story.outlets.join(", ")), timeline(story)));
  }

  async function load() {
    const current = state();
    document.getElementById("q").value = current.q;
    document.getElementById("sort").value = current.sort;
    for (const button of document.querySelectorAll("#presets [data-since]")) {
      button.classList.toggle("active", button.dataset.since === current.since);
    }
    queryError.hidden = true;
    list.replaceChildren();
    try {
      const result = await MM.api("/stories", { q: current.q || "*", sort: current.sort, since: current.since });
      list.append(...result.stories.map(card));
      document.getElementById("stories-summary").textContent = result.stories.length
        ? `${result.matching_total} ${MM.t("articles")}` : MM.t("no_stories");
    } catch (error) {
      MM.showQueryError(queryError, current.q, error);
    }
  }

  document.getElementById("stories-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...state(), q: document.getElementById("q").value.trim(), sort: document.getElementById("sort").value });
  });
  for (const button of document.querySelectorAll("#presets [data-since]")) {
    button.addEventListener("click", () => navigate({ ...state(), since: button.dataset.since }));
  }
  window.addEventListener("popstate", load);
  await load();
});
