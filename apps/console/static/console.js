// mediamon console core: token, API calls, UI strings, safe rendering. Every piece of article or
// feed text is set with textContent or createTextNode, never parsed as HTML.
"use strict";

const MM = (() => {
  const TOKEN_KEY = "mediamon.token";
  const UI_KEY = "mediamon.ui";
  let texts = {};
  const pages = {};

  class ApiError extends Error {
    constructor(status, body) {
      super(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body));
      this.status = status;
      this.body = body;
    }
  }

  function takeTokenFromUrl() {
    // `make run` prints a link with #token=…: the fragment never reaches a server or a log.
    const match = location.hash.match(/^#token=([^&]+)/);
    if (match) {
      localStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
  }

  function token() { return localStorage.getItem(TOKEN_KEY); }

  function signIn(message) {
    const dialog = document.getElementById("sign-in");
    const error = document.getElementById("sign-in-error");
    error.hidden = !message;
    error.textContent = message || "";
    if (!dialog.open) dialog.showModal();
  }

  function url(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      for (const item of [].concat(value)) {
        if (item !== undefined && item !== null && item !== "") query.append(key, item);
      }
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  }

  async function request(path, params, options = {}) {
    if (!token()) { signIn(); throw new ApiError(401, { detail: t("sign_in") }); }
    const headers = { Authorization: `Bearer ${token()}`, ...(options.headers || {}) };
    const answer = await fetch(url(path, params), { ...options, headers });
    if (answer.status === 401) {
      signIn(t("token_invalid"));
      throw new ApiError(401, await answer.json().catch(() => ({})));
    }
    if (!answer.ok) throw new ApiError(answer.status, await answer.json().catch(() => ({ detail: answer.statusText })));
    return answer;
  }

  async function api(path, params, options) {
    return (await request(path, params, options)).json();
  }

  async function download(path, params, filename) {
    const blob = await (await request(path, params)).blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function t(key) { return texts[key] || key; }

  function topicName(id) { return (texts.topic_names || {})[id] || id; }

  function uiLanguage() { return localStorage.getItem(UI_KEY) || (navigator.language || "en").slice(0, 2); }

  async function loadStrings() {
    const all = await (await fetch("/console/strings.json")).json();
    const lang = all[uiLanguage()] ? uiLanguage() : "en";
    texts = all[lang];
    document.documentElement.lang = lang;
    document.getElementById("ui-language").value = lang;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
    document.title = `mediamon · ${t("nav_" + document.body.dataset.page) || ""}`;
  }

  // Bidi overrides and isolates in untrusted text would reorder what follows them on screen
  // ("gnp.exe" shown as "exe.png"): they are shown as visible markers instead.
  const BIDI_CONTROLS = { "\u202A": "LRE", "\u202B": "RLE", "\u202C": "PDF", "\u202D": "LRO", "\u202E": "RLO",
                          "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI" };
  function textNode(value) {
    return document.createTextNode(String(value).replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[${BIDI_CONTROLS[c]}]`));
  }

  // Plotly reads labels as a small HTML dialect (<b>, <a href>): untrusted labels are escaped for it.
  function plotText(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[${BIDI_CONTROLS[c]}]`);
  }

  // el("a", {href: …, class: …}, "text", otherNode): strings become text nodes, never markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : textNode(child));
    }
    return node;
  }

  const ENTITIES = { "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'", "&#39;": "'", "&#x2F;": "/",
                     "&#47;": "/", "&amp;": "&" };
  function unescape(text) { return text.replace(/&(lt|gt|quot|amp|#x27|#39|#x2F|#47);/g, (m) => ENTITIES[m]); }

  // A highlight snippet from the API is escaped text with <em> around matches: rebuild it as text
  // nodes and <mark> elements, so nothing in it can become markup.
  function snippet(escaped) {
    const fragment = document.createDocumentFragment();
    let marked = false;
    for (const part of String(escaped).split(/(<em>|<\/em>)/)) {
      if (part === "<em>") { marked = true; continue; }
      if (part === "</em>") { marked = false; continue; }
      if (!part) continue;
      fragment.append(marked ? el("mark", {}, unescape(part)) : textNode(unescape(part)));
    }
    return fragment;
  }

  // Text with [start, end) spans marked: spans are Python str offsets, i.e. code points.
  function markSpans(text, spans, onPick) {
    const chars = Array.from(text || "");
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const span of [...spans].sort((a, b) => a.start - b.start)) {
      if (span.start < at) continue;
      if (span.start > at) fragment.append(textNode(chars.slice(at, span.start).join("")));
      const mark = el("mark", { class: `mention ${String(span.entity || "").toLowerCase()}`, tabindex: "0",
                                title: [span.entity, span.rule, span.framing].filter(Boolean).join(" · ") },
                      chars.slice(span.start, span.end).join(""));
      if (onPick) {
        mark.addEventListener("click", () => onPick(span, mark));
        mark.addEventListener("keydown", (event) => { if (event.key === "Enter") onPick(span, mark); });
      }
      fragment.append(mark);
      at = span.end;
    }
    fragment.append(textNode(chars.slice(at).join("")));
    return fragment;
  }

  // The first mention in the text, in context: a window around it with the span marked (the
  // article's lead when only the title mentions an entity).
  function mentionContext(hit, radius = 90) {
    const mention = (hit.mentions || []).find((m) => m.field === "text");
    const text = Array.from(hit.text || "");
    if (!mention) return text.length ? el("p", { class: "snippet" }, text.slice(0, 2 * radius).join(""), text.length > 2 * radius ? " …" : "") : null;
    const from = Math.max(0, mention.start - radius);
    const to = Math.min(text.length, mention.end + radius);
    const shifted = { ...mention, start: mention.start - from, end: mention.end - from };
    return el("p", { class: "snippet" }, from > 0 ? "… " : "", markSpans(text.slice(from, to).join(""), [shifted]),
              to < text.length ? " …" : "");
  }

  function time(value) {
    if (!value) return t("never");
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" }).format(date);
  }

  function badges(hit) {
    return [
      ...(hit.entities || []).map((entity) => el("span", { class: `badge entity ${entity.toLowerCase()}` }, entity)),
      ...(hit.framings || []).map((framing) => el("span", { class: `badge framing ${framing}` }, framing)),
    ];
  }

  function articleLink(hit) {
    return `/console/article/${encodeURIComponent(hit.id)}`;
  }

  function hitCard(hit, { context = false } = {}) {
    const highlight = hit.highlight || {};
    const title = highlight.title && highlight.title.length ? snippet(highlight.title[0])
      : markSpans(hit.title, (hit.mentions || []).filter((m) => m.field === "title"));
    const body = context ? mentionContext(hit)
      : (highlight.text && highlight.text.length ? el("p", { class: "snippet" }, highlight.text.map((s, i) =>
          [i ? " … " : "", snippet(s)])) : null);
    return el("li", { class: "hit", dataset: { id: hit.id } },
      el("a", { class: "title", href: articleLink(hit) }, title),
      el("div", { class: "meta" }, el("span", { class: "source" }, hit.source || ""),
         el("span", { class: "lang" }, hit.lang || ""), el("time", { datetime: hit.published }, time(hit.published)),
         ...badges(hit)),
      body);
  }

  function showError(node, error) {
    node.hidden = false;
    node.textContent = `${t("error")}: ${error.message}`;
  }

  // A query the API cannot read: the message and a caret under the position it names.
  function showQueryError(node, query, error) {
    node.hidden = false;
    node.replaceChildren();
    const position = error.body && Number.isInteger(error.body.position) ? error.body.position : null;
    node.append(`${t("query_error")}: ${error.body && error.body.detail ? error.body.detail : error.message}`);
    if (position !== null) node.append("\n", query, "\n", " ".repeat(position) + "^");
  }

  function toast(message) {
    const node = document.getElementById("toast");
    node.textContent = message;
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  function register(name, init) { pages[name] = init; }

  async function start() {
    takeTokenFromUrl();
    await loadStrings();
    const page = document.body.dataset.page;
    for (const link of document.querySelectorAll("[data-nav]")) link.classList.toggle("active", link.dataset.nav === page);
    document.getElementById("ui-language").addEventListener("change", (event) => {
      localStorage.setItem(UI_KEY, event.target.value);
      location.reload();
    });
    document.getElementById("sign-out").addEventListener("click", () => {
      localStorage.removeItem(TOKEN_KEY);
      signIn();
    });
    document.getElementById("sign-in-form").addEventListener("submit", () => {
      localStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
      location.reload();
    });
    if (!token()) { signIn(); return; }
    if (pages[page]) await pages[page]();
  }

  document.addEventListener("DOMContentLoaded", () => { start(); });
  return { ApiError, api, request, download, url, t, el, snippet, markSpans, mentionContext, time, badges, hitCard,
           articleLink, topicName, textNode, plotText, showError, showQueryError, toast, register, token };
})();
