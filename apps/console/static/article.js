// Article view: every mention highlighted in place; a click shows why it counted.
"use strict";

MM.register("article", async () => {
  const id = decodeURIComponent(location.pathname.split("/").pop());
  const evidence = document.getElementById("evidence");
  let article;
  try {
    article = await MM.api(`/articles/${encodeURIComponent(id)}`);
  } catch (error) {
    MM.showError(document.getElementById("article-error"), error);
    return;
  }

  function pick(mention, mark) {
    for (const node of document.querySelectorAll("mark.mention.picked")) node.classList.remove("picked");
    if (mark) mark.classList.add("picked");
    const rows = [["entity", mention.entity], ["rule", mention.rule], ["cues", (mention.cues || []).join(", ")],
                  ["confidence", mention.confidence], ["framing", mention.framing || "—"]];
    const list = document.getElementById("evidence-list");
    list.replaceChildren(MM.el("dt", {}, "“"), MM.el("dd", { class: "surface" }, mention.surface),
      ...rows.flatMap(([key, value]) => [MM.el("dt", {}, MM.t(key)), MM.el("dd", { dataset: { evidence: key } }, value)]));
    evidence.hidden = false;
  }

  const mentions = article.mentions || [];
  const inField = (field) => mentions.filter((m) => m.field === field);
  document.getElementById("article-title").replaceChildren(MM.markSpans(article.title, inField("title"), pick));
  // One block with pre-wrap keeps the paragraphs and the mentions' offsets into the whole text.
  document.getElementById("article-text").replaceChildren(MM.markSpans(article.text, inField("text"), pick));

  const meta = document.getElementById("article-meta");
  const original = /^https?:\/\//i.test(article.url || "")
    ? MM.el("a", { href: article.url, target: "_blank", rel: "noopener noreferrer nofollow" }, MM.t("original")) : null;
  meta.append(MM.el("span", { class: "source" }, article.source || ""),
    MM.el("span", {}, `${MM.t("language")}: ${article.lang} (${Number(article.lang_confidence || 0).toFixed(2)})`),
    MM.el("time", { datetime: article.published }, MM.time(article.published)), ...MM.badges(article), original);

  document.getElementById("mention-list").replaceChildren(...mentions.map((m) =>
    MM.el("li", {}, MM.el("button", { type: "button", class: "link", onclick: () => pick(m) }, m.surface),
          ` ${m.entity} · ${m.rule || ""} · ${m.confidence}${m.framing ? " · " + m.framing : ""}`)));
  const topics = article.topic_evidence || (article.topic_labels || []).map((label, i) => ({ id: article.topics[i], label }));
  document.getElementById("topic-list").replaceChildren(...topics.map((topic) =>
    MM.el("li", {}, MM.el("strong", {}, topic.label || topic.id), topic.score !== undefined ? ` ${topic.score}` : "",
          (topic.evidence || []).length ? MM.el("div", { class: "terms" }, topic.evidence.join(", ")) : null)));
  document.getElementById("cited-list").replaceChildren(...(article.cited_sources || []).map((cited) =>
    MM.el("li", {}, MM.el("strong", {}, cited.outlet), ` “${cited.surface}”`)));
  document.getElementById("raw").replaceChildren(MM.textNode(JSON.stringify(article, null, 2)));
});
