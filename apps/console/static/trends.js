// Trends: compared queries over time (counts or share of all articles), spike markers, top sources
// and languages; the state lives in the URL like search's.
"use strict";

MM.register("trends", async () => {
  const inputs = document.getElementById("series-inputs");
  const queryError = document.getElementById("query-error");
  const COLORS = ["#1f5fbf", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#17a2b8", "#6c757d", "#e83e8c"];
  const PLOT_CONFIG = { responsive: true, displaylogo: false };

  function state() {
    const params = new URLSearchParams(location.search);
    const series = params.getAll("series");
    return { series: series.length ? series : ["entity:SMO", "entity:CSTO"], since: params.get("since") || "30d",
             interval: params.get("interval") || "", measure: params.get("measure") || "counts" };
  }

  function addInput(value) {
    const input = MM.el("input", { type: "search", class: "series", value, "aria-label": MM.t("query") });
    const row = MM.el("div", { class: "row" }, input,
      MM.el("button", { type: "button", onclick: () => row.remove() }, MM.t("remove")));
    inputs.append(row);
  }

  function formState() {
    return { series: [...inputs.querySelectorAll("input.series")].map((i) => i.value.trim()).filter(Boolean),
             since: state().since, interval: document.getElementById("interval").value,
             measure: document.querySelector("input[name=measure]:checked").value };
  }

  function navigate(current) {
    history.pushState(null, "", MM.url("/console/trends", current));
    load();
  }

  function localDates(buckets) { return buckets.map((bucket) => new Date(bucket)); }

  function drawTrends(result, measure) {
    const x = localDates(result.buckets);
    const share = measure === "share";
    const traces = result.series.flatMap((series, i) => {
      const y = share ? series.share.map((v) => v * 100) : series.counts;
      const line = { x, y, name: MM.plotText(series.query), type: "scatter", mode: "lines+markers", line: { color: COLORS[i % 8] },
                     hovertemplate: `%{x}<br>${share ? "%{y:.2f} %" : "%{y}"}<extra>%{fullData.name}</extra>` };
      const spikeIndex = series.spikes.map((bucket) => result.buckets.indexOf(bucket));
      const spikes = { x: spikeIndex.map((k) => x[k]), y: spikeIndex.map((k) => y[k]), name: MM.plotText(`${MM.t("spike")}: ${series.query}`),
                       type: "scatter", mode: "markers", marker: { symbol: "triangle-up", size: 13, color: "#e74c3c" },
                       hovertemplate: `${MM.t("spike")} %{x}: %{y}<extra></extra>`, showlegend: spikeIndex.length > 0 };
      return [line, spikes];
    });
    const layout = { margin: { t: 20, r: 10, b: 40, l: 50 }, legend: { orientation: "h" }, hovermode: "x unified",
                     yaxis: { title: share ? "%" : MM.t("articles"), rangemode: "tozero" } };
    Plotly.react("trend-chart", traces, layout, PLOT_CONFIG);
  }

  function drawBars(target, counts) {
    const entries = Object.entries(counts || {}).slice(0, 15).reverse();
    Plotly.react(target, [{ type: "bar", orientation: "h", x: entries.map((e) => e[1]), y: entries.map((e) => MM.plotText(e[0])),
                            marker: { color: "#1f5fbf" }, hovertemplate: "%{y}: %{x}<extra></extra>" }],
                 { margin: { t: 10, r: 10, b: 30, l: 10 }, yaxis: { automargin: true } }, PLOT_CONFIG);
  }

  async function load() {
    const current = state();
    inputs.replaceChildren();
    current.series.forEach(addInput);
    document.getElementById("interval").value = current.interval;
    document.querySelector(`input[name=measure][value=${current.measure === "share" ? "share" : "counts"}]`).checked = true;
    for (const button of document.querySelectorAll("#presets [data-since]")) {
      button.classList.toggle("active", button.dataset.since === current.since);
    }
    queryError.hidden = true;
    try {
      const [result, facets] = await Promise.all([
        MM.api("/trends", { series: current.series, since: current.since, interval: current.interval }),
        MM.api("/facets", { q: current.series.length === 1 ? current.series[0] : current.series.map((q) => `(${q})`).join(" OR "),
                            since: current.since })]);
      drawTrends(result, current.measure);
      drawBars("source-chart", facets.facets.source);
      drawBars("language-chart", facets.facets.lang);
    } catch (error) {
      MM.showQueryError(queryError, current.series.join(" | "), error);
    }
  }

  document.getElementById("trends-form").addEventListener("submit", (event) => { event.preventDefault(); navigate(formState()); });
  document.getElementById("add-series").addEventListener("click", () => addInput(""));
  document.getElementById("by-framing").addEventListener("click", () => {
    const base = formState().series[0] || "entity:SMO";
    navigate({ ...formState(), series: [`(${base}) AND framing:kremlin`, `(${base}) AND framing:war`] });
  });
  document.getElementById("by-language").addEventListener("click", async () => {
    const current = formState();
    const base = current.series[0] || "entity:SMO";
    try {
      const facets = await MM.api("/facets", { q: base, since: current.since });
      const languages = Object.keys(facets.facets.lang || {}).slice(0, 5);
      navigate({ ...current, series: languages.map((lang) => `(${base}) AND lang:${lang}`) });
    } catch (error) { MM.toast(error.message); }
  });
  for (const button of document.querySelectorAll("#presets [data-since]")) {
    button.addEventListener("click", () => navigate({ ...formState(), since: button.dataset.since }));
  }
  for (const radio of document.querySelectorAll("input[name=measure]")) {
    radio.addEventListener("change", () => navigate(formState()));
  }
  document.getElementById("trends-csv").addEventListener("click", async () => {
    const current = state();
    try { await MM.download("/trends.csv", { series: current.series, since: current.since, interval: current.interval },
                            "mediamon-trends.csv"); }
    catch (error) { MM.toast(error.message); }
  });
  for (const button of document.querySelectorAll("button.image")) {
    button.addEventListener("click", () => Plotly.downloadImage(button.dataset.target,
      { format: button.dataset.format, filename: `mediamon-${button.dataset.target}`, width: 1200, height: 500 }));
  }
  window.addEventListener("popstate", load);
  await load();
});
