// Live view: newest matching articles first, then each new one on top as the server pushes it.
"use strict";

MM.register("live", async () => {
  const list = document.getElementById("live-list");
  const state = document.getElementById("live-state");
  const queuedBadge = document.getElementById("queued");
  const pauseButton = document.getElementById("pause");
  const errorLine = document.getElementById("live-error");
  const MAX_SHOWN = 200;
  let paused = false;
  let queued = [];
  let controller = null;

  function show(hit) {
    const existing = list.querySelector(`li[data-id="${CSS.escape(hit.id)}"]`);
    if (existing) existing.remove();
    list.prepend(MM.hitCard(hit, { context: true }));
    while (list.children.length > MAX_SHOWN) list.lastElementChild.remove();
  }

  function receive(hit) {
    if (paused) {
      queued.push(hit);
      queuedBadge.hidden = false;
      queuedBadge.textContent = `${queued.length} ${MM.t("queued")}`;
    } else {
      show(hit);
    }
  }

  // A burst (an import, a replay) larger than the stream lists: say how many were left out and where they are.
  function noteSkipped(count, params) {
    const link = MM.el("a", { href: MM.url("/console/search", { q: params.q === "*" ? "" : params.q,
                                                                entity: params.entity }) }, MM.t("open_in_search"));
    list.prepend(MM.el("li", { class: "notice" }, `${MM.t("skipped_burst")}: ${count.toLocaleString()} — `, link));
  }

  pauseButton.addEventListener("click", () => {
    paused = !paused;
    pauseButton.textContent = MM.t(paused ? "resume" : "pause");
    pauseButton.setAttribute("aria-pressed", String(paused));
    if (!paused) {
      queued.forEach(show);
      queued = [];
      queuedBadge.hidden = true;
    }
  });

  // Server-sent events read with fetch (EventSource cannot send the Authorization header).
  async function follow(params) {
    controller = new AbortController();
    const answer = await MM.request("/live", params, { signal: controller.signal });
    state.textContent = MM.t("connected");
    state.className = "pill ok";
    const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = frame.split("\n");
        const type = (lines.find((line) => line.startsWith("event: ")) || "event: article").slice(7);
        const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6)).join("\n");
        if (!data) continue;
        if (type === "skipped") noteSkipped(JSON.parse(data).count, params);
        else receive(JSON.parse(data));
      }
    }
  }

  async function run(params) {
    for (;;) {
      try {
        errorLine.hidden = true;
        await follow(params);
      } catch (error) {
        if (error.name === "AbortError") return;
        if (error instanceof MM.ApiError && error.status < 500) { MM.showError(errorLine, error); return; }
        console.warn("live stream:", error.message);
        state.title = error.message;
      }
      state.textContent = MM.t("disconnected");
      state.className = "pill warn";
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  const form = document.getElementById("live-filter");
  const current = new URLSearchParams(location.search);
  document.getElementById("live-q").value = current.get("q") || "";
  document.getElementById("live-entity").value = current.get("entity") || "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = document.getElementById("live-q").value.trim();
    const entity = document.getElementById("live-entity").value;
    history.replaceState(null, "", MM.url("/console/", { q, entity }));
    if (controller) controller.abort();
    list.replaceChildren();
    run({ q: q || "*", entity, initial: 50 });
  });
  run({ q: current.get("q") || "*", entity: current.get("entity") || "", initial: 50 });
});
