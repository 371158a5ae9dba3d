// jcgraph's query page: stored questions, a highlighted SPARQL editor, a results table with
// labels and entity links, CSV/JSON downloads and an SVG chart. No library, no network
// beyond this server; every value from the graph goes into the page as text, never HTML.
"use strict";

const ID_BASE = "https://w3id.org/jcgraph/id/";
const XSD = "http://www.w3.org/2001/XMLSchema#";
const NUMERIC = new Set(["integer", "decimal", "double", "float", "int", "long", "short",
  "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
  "unsignedInt"].map((t) => XSD + t));
const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct " +
  "reduced optional union minus filter bind values graph service limit offset order by asc desc " +
  "group having as not exists in a true false undef count sum min max avg sample group_concat " +
  "separator str lang langmatches datatype iri uri bnode strlen substr ucase lcase strstarts " +
  "strends contains strbefore strafter concat replace regex abs round ceil floor year month day " +
  "now if coalesce isiri isuri isblank isliteral isnumeric sameterm insert delete data load clear " +
  "drop create with using default all silent into to move copy add").split(" "));
const PREFIXES = {
  "https://w3id.org/jcgraph/ontology#": "jc", "https://w3id.org/jcgraph/id/place/": "place",
  "https://w3id.org/jcgraph/id/org/": "jorg", "https://w3id.org/jcgraph/id/indicator/": "ind",
  "https://w3id.org/jcgraph/id/obs/": "obs", "https://w3id.org/jcgraph/id/": "id",
  "http://www.w3.org/2001/XMLSchema#": "xsd", "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
};

const $ = (id) => document.getElementById(id);
const state = { questions: [], current: null, result: null, labels: new Map(), last: null, runs: 0,
  lang: readLang() };

// The language shown first (labels, columns, summaries), kept for the next visit.
function readLang() {
  try { return localStorage.getItem("jcgraph-lang") === "en" ? "en" : "zh"; } catch (err) { return "zh"; }
}

function setLang(lang) {
  state.lang = lang === "en" ? "en" : "zh";
  try { localStorage.setItem("jcgraph-lang", state.lang); } catch (err) { /* private mode */ }
  document.documentElement.lang = state.lang;
  const zh = $("summary-zh"), en = $("summary-en");
  if (zh && en) {
    if (state.lang === "en") zh.before(en); else en.before(zh);
  }
  if (state.result && state.result.results) {
    const select = $("chart-category");
    const vars = state.result.head.vars;
    const base = select.value.replace(/_en$/, "");
    const wanted = state.lang === "en" && vars.includes(`${base}_en`) ? `${base}_en` : base;
    if (vars.includes(wanted)) select.value = wanted;
    renderTable(state.result);
    drawChart();
  }
}

// The column shown for x in the chosen language: x_en when English is asked and there is one.
function inLanguage(v, vars) {
  return state.lang === "en" && vars.includes(`${v}_en`) ? `${v}_en` : v;
}

function labelText(label, fallback) {
  return (state.lang === "en" ? label.en || label.zh : label.zh || label.en) || fallback;
}

// A column x and its x_en: the chosen language's first.
function columnOrder(vars) {
  if (state.lang !== "en") return vars;
  const out = [...vars];
  for (const v of vars) {
    const i = out.indexOf(v), j = out.indexOf(`${v}_en`);
    if (j > i && i >= 0) { out.splice(j, 1); out.splice(i, 0, `${v}_en`); }
  }
  return out;
}
// The question the page opens on, answered, so a first visit shows a table and a chart.
const FIRST_QUESTION = "indicators-tripled";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function compact(iri) {
  let best = "";
  for (const ns of Object.keys(PREFIXES)) {
    if (iri.startsWith(ns) && ns.length > best.length) best = ns;
  }
  return best ? PREFIXES[best] + ":" + iri.slice(best.length) : iri;
}

// ---- the highlighter -------------------------------------------------------------

const TOKEN = new RegExp([
  String.raw`(#[^\n]*)`,                                           // 1 comment
  String.raw`("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')`, // 2 string
  String.raw`(<[^<>\s"{}|^` + "`" + String.raw`\\]*>)`,            // 3 IRI
  String.raw`([?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)`,             // 4 variable
  String.raw`([A-Za-z][\w.-]*:[\w.%-]*|:[\w.%-]+)`,                // 5 prefixed name
  String.raw`(\b\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\b)`,               // 6 number
  String.raw`([A-Za-z_]+)`,                                        // 7 word
].join("|"), "gu");

function highlight(text, errorOffset) {
  const out = document.createDocumentFragment();
  let last = 0;
  const push = (piece, cls, start) => {
    if (!piece) return;
    const marked = errorOffset !== null && errorOffset >= start && errorOffset < start + piece.length;
    if (marked && !cls && piece.length > 1) {  // mark one character of untokenised text
      const at = errorOffset - start;
      push(piece.slice(0, at), "", start);
      push(piece.slice(at, at + 1), "", errorOffset);
      push(piece.slice(at + 1), "", errorOffset + 1);
      return;
    }
    if (!cls && !marked) { out.append(piece); return; }
    const span = document.createElement("span");
    span.className = (cls || "") + (marked ? " err" : "");
    span.textContent = piece;
    out.append(span);
  };
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) push(text.slice(last, m.index), "", last);
    const cls = m[1] ? "c" : m[2] ? "s" : m[3] ? "i" : m[4] ? "v" : m[5] ? "p" : m[6] ? "n"
      : KEYWORDS.has(m[7].toLowerCase()) ? "k" : "";
    push(m[0], cls, m.index);
    last = m.index + m[0].length;
  }
  push(text.slice(last), "", last);
  out.append("\n");  // keeps the last line's height when the text ends with a newline
  return out;
}

function refresh() {
  const code = $("highlight");
  code.replaceChildren(highlight($("query").value, state.errorOffset ?? null));
  syncScroll();
}

function syncScroll() {
  const pre = $("highlight").parentElement;
  pre.scrollTop = $("query").scrollTop;
  pre.scrollLeft = $("query").scrollLeft;
}

// ---- stored questions -------------------------------------------------------------

async function loadQuestions() {
  const response = await fetch("/queries", { headers: { Accept: "application/json" } });
  state.questions = await response.json();
  const select = $("question");
  const groups = [
    el("optgroup", { label: "问题 questions" }),
    el("optgroup", { label: "数据检查 data checks (pass with no rows)" }),
  ];
  for (const q of state.questions) {
    const network = q.network ? " · 需联网 needs --allow-service" : "";
    groups[q.check ? 1 : 0].append(
      el("option", { value: q.name }, `${q.summary_zh || q.name} · ${q.name}${network}`));
  }
  select.append(...groups.filter((g) => g.children.length));
  const wanted = new URLSearchParams(location.search);
  const name = wanted.get("q");
  const first = name || (state.questions.some((q) => q.name === FIRST_QUESTION) ? FIRST_QUESTION : null);
  // a query typed before the list arrived is the user's: never replace it
  if (first && state.questions.some((q) => q.name === first) && !$("query").dataset.edited) {
    select.value = first;
    pick(first, wanted);
    run();
  } else {
    refresh();
  }
}

function pick(name, given) {
  const q = state.questions.find((item) => item.name === name) || null;
  state.current = q;
  $("summary").hidden = !q;
  $("params").replaceChildren();
  if (!q) { refresh(); return; }
  $("summary-zh").textContent = q.summary_zh;
  $("summary-en").textContent = q.summary;
  $("description").textContent = q.description;
  for (const [param, fallback] of Object.entries(q.params || {})) {
    const input = el("input", { type: "text", name: param, value: (given && given.get(param)) || fallback });
    $("params").append(el("label", {}, `${param} `, input));
  }
  $("query").value = q.text;
  state.errorOffset = null;
  refresh();
}

// ---- running ----------------------------------------------------------------------

function request(accept) {
  const q = state.current;
  if (q && $("query").value === q.text) {
    const params = new URLSearchParams();
    for (const input of $("params").querySelectorAll("input")) params.set(input.name, input.value);
    const suffix = params.toString() ? "?" + params : "";
    return fetch(`/queries/${encodeURIComponent(q.name)}${suffix}`, { headers: { Accept: accept } });
  }
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: accept },
    body: $("query").value,
  });
}

async function run() {
  const status = $("status");
  const started = performance.now();
  const ticket = ++state.runs;  // an answer that comes after a newer run is dropped
  const stale = () => ticket !== state.runs;
  status.textContent = "运行中 running…";
  $("error").hidden = true;
  state.errorOffset = null;
  refresh();
  let response;
  try {
    response = await request("application/sparql-results+json, text/turtle;q=0.9");
  } catch (err) {
    if (!stale()) showError(`网络错误 network error: ${err}`);
    return;
  }
  if (stale()) return;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!response.ok) {
    showError(await response.text(), response.status);
    status.textContent = `HTTP ${response.status} · ${seconds} s`;
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    state.result = null;
    const text = await response.text();
    $("results").replaceChildren(el("pre", { class: "graph" }, text));
    $("chart-box").hidden = true;
    status.textContent = `graph · ${seconds} s`;
    return;
  }
  const result = await response.json();
  if (stale()) return;
  state.result = result;
  $("csv").disabled = $("json").disabled = false;
  const truncated = response.headers.get("X-Result-Truncated");
  if ("boolean" in result) {
    $("results").replaceChildren(el("p", { class: "boolean" }, String(result.boolean)));
    $("chart-box").hidden = true;
    status.textContent = `ASK · ${seconds} s`;
    return;
  }
  const n = result.results.bindings.length;
  status.textContent = `${n} 行 rows · ${seconds} s${truncated ? " · " + truncated : ""}`;
  await fetchLabels(result);
  if (stale()) return;
  renderTable(result);
  setupChart(result);
}

function showError(text, code) {
  const box = $("error");
  const match = /:(\d+):(\d+): ([\s\S]*)$/.exec(text.trim());
  box.replaceChildren();
  if (match) {
    const line = Number(match[1]);
    const col = Number(match[2]);
    box.append(el("strong", {}, `第 ${line} 行第 ${col} 列 · line ${line}, column ${col}: `), match[3]);
    const lines = $("query").value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    state.errorOffset = Math.min(offset + col - 1, $("query").value.length - 1);
    refresh();
  } else {
    box.append(el("strong", {}, code ? `HTTP ${code}: ` : ""), text);
  }
  box.hidden = false;
  $("status").textContent = "";
}

async function fetchLabels(result) {
  const iris = new Set();
  for (const row of result.results.bindings) {
    for (const term of Object.values(row)) {
      if (term.type === "uri" && !state.labels.has(term.value) && /^[^\s<>"{}|^`\\]+$/.test(term.value)) {
        iris.add(term.value);
      }
    }
  }
  const list = [...iris].slice(0, 400);
  if (!list.length) return;
  const sparql = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
    "SELECT ?e ?zh ?en WHERE { VALUES ?e { " + list.map((i) => `<${i}>`).join(" ") + " }\n" +
    '  OPTIONAL { ?e rdfs:label ?zh FILTER(LANG(?zh) = "zh") }\n' +
    '  OPTIONAL { ?e rdfs:label ?en FILTER(LANG(?en) = "en") } }';
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: sparql,
    });
    if (!response.ok) return;
    for (const row of (await response.json()).results.bindings) {
      if (!state.labels.has(row.e.value) || !state.labels.get(row.e.value).zh) {
        state.labels.set(row.e.value, { zh: row.zh && row.zh.value, en: row.en && row.en.value });
      }
    }
  } catch (err) {
    // labels are a nicety: the table still shows compact IRIs
  }
}

function cell(term) {
  if (!term) return el("td", { class: "empty" });
  if (term.type === "uri") {
    const label = state.labels.get(term.value) || {};
    const text = labelText(label, compact(term.value));
    const other = state.lang === "en" ? label.zh : label.en;
    const title = [other, term.value].filter(Boolean).join(" · ");
    if (term.value.startsWith(ID_BASE)) {
      return el("td", {}, el("a", { href: "/id/" + term.value.slice(ID_BASE.length), title, class: "entity" }, text));
    }
    if (/^https?:\/\//.test(term.value)) {
      return el("td", {}, el("a", { href: term.value, title, rel: "noopener noreferrer" }, text));
    }
    return el("td", { title }, text);
  }
  if (term.type === "bnode") return el("td", { class: "bnode" }, "_:" + term.value);
  const numeric = term.datatype && NUMERIC.has(term.datatype);
  return el("td", { class: numeric ? "num" : null, lang: term["xml:lang"] || null }, term.value);
}

function renderTable(result) {
  const vars = columnOrder(result.head.vars);
  const table = el("table", { class: "grid results" });
  table.append(el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", {}, v)))));
  const body = el("tbody");
  for (const row of result.results.bindings) {
    body.append(el("tr", {}, ...vars.map((v) => cell(row[v]))));
  }
  table.append(body);
  $("results").replaceChildren(table);
}

// ---- the chart ----------------------------------------------------------------------

function numericColumns(result) {
  const rows = result.results.bindings;
  return result.head.vars.filter((v) => {
    const terms = rows.map((r) => r[v]).filter(Boolean);
    return terms.length > 0 && terms.filter((t) => t.type === "literal" && NUMERIC.has(t.datatype)).length >= terms.length / 2;
  });
}

function setupChart(result) {
  const numbers = numericColumns(result);
  const box = $("chart-box");
  if (!numbers.length || !result.results.bindings.length) { box.hidden = true; return; }
  const others = result.head.vars.filter((v) => !numbers.includes(v));
  const fill = (select, options, chosen) => {
    select.replaceChildren(...options.map((o) => el("option", { value: o }, o)));
    select.value = chosen;
  };
  const best = bestCategory(result, others);
  const category = best ? inLanguage(best.replace(/_en$/, ""), result.head.vars) : best;
  fill($("chart-value"), numbers, numbers.find((v) => /value|count|n$|total|amount/.test(v)) || numbers[0]);
  fill($("chart-category"), others.length ? others : ["(row)"], category || others[0] || "(row)");
  const yearly = others.length === 0 || result.results.bindings.every((r) => {
    const t = r[$("chart-category").value];
    return t && /^(19|20)\d\d$/.test(t.value);
  });
  $("chart-kind").value = yearly ? "line" : "bar";
  box.hidden = false;
  drawChart();
}

// The column that best names each row: distinct values first, then labelled entities,
// then language-tagged text, then any text.
function bestCategory(result, columns) {
  const rows = result.results.bindings;
  let best = null, bestScore = -1;
  for (const v of columns) {
    const terms = rows.map((r) => r[v]);
    const values = new Set(terms.map((t) => (t ? t.value : "")));
    let score = values.size === rows.length ? 4 : values.size > 1 ? 1 : 0;
    if (terms.every((t) => t && t.type === "uri" && (state.labels.get(t.value) || {}).zh)) score += 3;
    else if (terms.every((t) => t && t.type === "literal" && t["xml:lang"])) score += 2;
    else if (terms.every((t) => t && t.type === "literal")) score += 1;
    if (score > bestScore) { best = v; bestScore = score; }
  }
  return best;
}

function categoryText(term, index) {
  if (!term) return `#${index + 1}`;
  if (term.type === "uri") {
    return labelText(state.labels.get(term.value) || {}, compact(term.value));
  }
  return term.value;
}

function drawChart() {
  const result = state.result;
  if (!result || !result.results) return;
  const valueVar = $("chart-value").value;
  const categoryVar = $("chart-category").value;
  const kind = $("chart-kind").value;
  const points = [];
  const rows = result.results.bindings;
  // when the category repeats (three bars reading 工业总产值), add the column that tells
  // the rows apart, such as the subject
  const labels = rows.map((row, i) => categoryText(row[categoryVar], i));
  if (new Set(labels).size < labels.length) {
    const vars = result.head.vars;
    const others = vars
      .filter((v) => v !== categoryVar.replace(/_en$/, "") && v !== valueVar && !v.endsWith("_en"))
      .map((v) => inLanguage(v, vars))
      .filter((v) => v !== categoryVar);
    const apart = others.find((v) => new Set(rows.map((row, i) => `${labels[i]}|${categoryText(row[v], i)}`)).size > new Set(labels).size);
    if (apart) rows.forEach((row, i) => { labels[i] = `${labels[i]} · ${categoryText(row[apart], i)}`; });
  }
  rows.forEach((row, i) => {
    const t = row[valueVar];
    const v = t ? Number(t.value) : NaN;
    if (Number.isFinite(v)) points.push({ label: labels[i], value: v });
  });
  const shown = points.slice(0, 60);
  const width = 960, barSpace = 22, left = 190, right = 70, top = 16;
  const horizontal = kind === "bar";
  const height = horizontal ? top + shown.length * barSpace + 30 : 320;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img",
    "aria-label": `${valueVar} by ${categoryVar}` });
  const max = Math.max(0, ...shown.map((p) => p.value));
  const min = Math.min(0, ...shown.map((p) => p.value));
  const span = max - min || 1;
  if (horizontal) {
    const scale = (v) => left + ((v - min) / span) * (width - left - right);
    root.append(svg("line", { x1: scale(0), x2: scale(0), y1: top - 4, y2: height - 24, class: "axis" }));
    shown.forEach((p, i) => {
      const y = top + i * barSpace;
      const x0 = scale(Math.min(0, p.value)), x1 = scale(Math.max(0, p.value));
      const g = svg("g", { class: "bar" });
      g.append(svg("title", {}, `${p.label}: ${p.value}`));
      g.append(svg("text", { x: left - 8, y: y + 14, "text-anchor": "end", class: "label" },
        p.label.length > 14 ? p.label.slice(0, 13) + "…" : p.label));
      g.append(svg("rect", { x: x0, y: y + 2, width: Math.max(1, x1 - x0), height: barSpace - 6 }));
      g.append(svg("text", { x: x1 + 4, y: y + 14, class: "value" }, String(p.value)));
      root.append(g);
    });
  } else {
    const bottom = 70, l = 60;
    const sx = (i) => l + (shown.length > 1 ? (i / (shown.length - 1)) * (width - l - right) : (width - l - right) / 2);
    const sy = (v) => top + (1 - (v - min) / span) * (height - top - bottom);
    root.append(svg("line", { x1: l, x2: width - right, y1: sy(0), y2: sy(0), class: "axis" }));
    for (const tick of [min, (min + max) / 2, max]) {
      root.append(svg("text", { x: l - 6, y: sy(tick) + 4, "text-anchor": "end", class: "value" },
        String(Math.round(tick * 100) / 100)));
    }
    root.append(svg("polyline", { points: shown.map((p, i) => `${sx(i)},${sy(p.value)}`).join(" "), class: "line" }));
    shown.forEach((p, i) => {
      const g = svg("g", { class: "point" });
      g.append(svg("title", {}, `${p.label}: ${p.value}`));
      g.append(svg("circle", { cx: sx(i), cy: sy(p.value), r: 4 }));
      g.append(svg("text", { x: sx(i), y: height - bottom + 18, "text-anchor": "end", class: "label",
        transform: `rotate(-35 ${sx(i)} ${height - bottom + 18})` },
        p.label.length > 12 ? p.label.slice(0, 11) + "…" : p.label));
      root.append(g);
    });
  }
  const note = points.length > shown.length ? el("p", { class: "note" }, `first ${shown.length} of ${points.length} rows`) : null;
  $("chart").replaceChildren(root, ...(note ? [note] : []));
}

// ---- downloads ----------------------------------------------------------------------

async function download(accept, suffix) {
  const response = await request(accept);
  if (!response.ok) { showError(await response.text(), response.status); return; }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: `${state.current ? state.current.name : "query"}.${suffix}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---- wiring -------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  const editor = $("query");
  editor.addEventListener("input", () => { editor.dataset.edited = "1"; state.errorOffset = null; refresh(); });
  editor.addEventListener("scroll", syncScroll);
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      editor.setRangeText("  ", editor.selectionStart, editor.selectionEnd, "end");
      refresh();
    }
  });
  $("question").addEventListener("change", (event) => pick(event.target.value));
  $("lang").value = state.lang;
  $("lang").addEventListener("change", (event) => setLang(event.target.value));
  setLang(state.lang);
  $("run").addEventListener("click", run);
  $("csv").addEventListener("click", () => download("text/csv", "csv"));
  $("json").addEventListener("click", () => download("application/sparql-results+json", "json"));
  for (const id of ["chart-value", "chart-category", "chart-kind"]) $(id).addEventListener("change", drawChart);
  refresh();
  loadQuestions().catch((err) => showError(`could not list the stored questions: ${err}`));
});
