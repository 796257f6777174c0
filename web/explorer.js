// The network explorer: draws the met network from the public GraphQL API, with
// filters, a person search, the chain of acquaintance between two people and
// coverage charts. State for tests and screen readers is kept in data attributes:
// body[data-state] is "loading" or "ready"; #graph carries data-nodes, data-edges,
// data-selected and data-highlighted; #path-result carries data-length.
"use strict";

const $ = (id) => document.getElementById(id);
const SIDE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const UNKNOWN_COLOUR = "#9aa3ad";

let cy = null;
let drawing = null; // the last answer of `drawing`, unfiltered by side and tag
const sideColour = new Map();

/** The reader's API key, kept for this browser tab only. */
function apiKey() {
  return sessionStorage.getItem("peacenet-key") || "";
}

function authorised(headers) {
  const key = apiKey();
  return key ? { ...headers, Authorization: `Bearer ${key}` } : headers;
}

async function graphql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: authorised({ "Content-Type": "application/json", Accept: "application/json" }),
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) {
    throw new Error("the service needs an API key: enter one above");
  }
  const body = await response.json();
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  return body.data;
}

function setState(state, message) {
  document.body.dataset.state = state;
  if (message !== undefined) $("status").textContent = message;
}

function timeWindow() {
  return { since: $("since").value || null, until: $("until").value || null };
}

const DRAWING = `query Drawing($since: Date, $until: Date, $track: Track) {
  analytics(since: $since, until: $until) {
    drawing(track: $track) {
      people { person { key name side tags } degree betweenness closeness eigenvector }
      ties { a { key } b { key } weight }
    }
  }
}`;

const CHAIN = `query Chain($from: ID!, $to: ID!, $since: Date, $until: Date) {
  chainOfAcquaintance(from: $from, to: $to, since: $since, until: $until) {
    length
    people { key name }
    steps { meeting { title startDate } }
  }
}`;

const COVERAGE = `query Coverage($since: Date, $until: Date) {
  coverage(since: $since, until: $until) {
    gender: byDimension(dimension: GENDER) { dimension group participationShare target gap suppressed }
    side: byDimension(dimension: SIDE) { dimension group participationShare target gap suppressed }
    youth: byDimension(dimension: YOUTH) { dimension group participationShare target gap suppressed }
    trends(dimension: GENDER) { year groups { group participationShare target gap suppressed } }
  }
}`;

function fillOptions(select, values) {
  const current = select.value;
  const first = select.options[0];
  select.replaceChildren(first);
  for (const value of values) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = value;
    select.appendChild(option);
  }
  select.value = values.includes(current) ? current : "";
}

function colourFor(side) {
  if (!side) return UNKNOWN_COLOUR;
  if (!sideColour.has(side)) sideColour.set(side, SIDE_COLOURS[sideColour.size % SIDE_COLOURS.length]);
  return sideColour.get(side);
}

function drawLegend(sides) {
  const legend = $("legend");
  legend.replaceChildren();
  for (const side of [...sides, ""]) {
    const item = document.createElement("span");
    const dot = document.createElement("i");
    dot.style.background = colourFor(side);
    item.append(dot, side || "side unknown");
    legend.appendChild(item);
  }
}

/** People and ties to draw, after the side and tag filters. */
function elements() {
  const side = $("side").value;
  const tag = $("tag").value;
  const measure = $("size-by").value;
  const people = drawing.people.filter(
    (p) => (!side || p.person.side === side) && (!tag || p.person.tags.includes(tag)),
  );
  const kept = new Set(people.map((p) => p.person.key));
  const values = people.map((p) => p[measure]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const size = (v) => (high > low ? 14 + (34 * (v - low)) / (high - low) : 20);
  // Names are written for the larger nodes; the others show theirs when found or on
  // a chain.
  const nodes = people.map((p) => {
    const s = size(p[measure]);
    return {
      data: {
        id: p.person.key,
        label: p.person.name,
        shown: s >= 26 ? p.person.name : "",
        colour: colourFor(p.person.side),
        size: s,
      },
    };
  });
  const edges = drawing.ties
    .filter((t) => kept.has(t.a.key) && kept.has(t.b.key))
    .map((t) => ({ data: { id: `${t.a.key}|${t.b.key}`, source: t.a.key, target: t.b.key, weight: t.weight } }));
  return { nodes, edges };
}

function render() {
  const { nodes, edges } = elements();
  const graph = $("graph");
  if (!cy) {
    cy = cytoscape({
      container: graph,
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        {
          selector: "node",
          style: {
            "background-color": "data(colour)",
            width: "data(size)",
            height: "data(size)",
            label: "data(shown)",
            "font-size": 9,
            "text-valign": "bottom",
            "text-margin-y": 2,
            color: "#333",
          },
        },
        { selector: "edge", style: { width: "mapData(weight, 1, 10, 0.6, 5)", "line-color": "#c3c9d1", "curve-style": "haystack" } },
        { selector: "node.selected", style: { "border-width": 3, "border-color": "#f0b400", label: "data(label)" } },
        { selector: "node.path", style: { "border-width": 4, "border-color": "#111", "z-index": 10, label: "data(label)" } },
        { selector: "edge.path", style: { width: 4, "line-color": "#111", "z-index": 10 } },
        { selector: ".faded", style: { opacity: 0.25 } },
      ],
    });
  }
  cy.batch(() => {
    cy.elements().remove();
    cy.add([...nodes, ...edges]);
  });
  cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 40 }).run();
  graph.dataset.nodes = String(nodes.length);
  graph.dataset.edges = String(edges.length);
  graph.dataset.highlighted = "0";
  applySearch();
  $("status").textContent = `${nodes.length} people, ${edges.length} ties`;
}

function applySearch() {
  if (!cy) return;
  const text = $("search").value.trim().toLowerCase();
  cy.nodes().removeClass("selected");
  let found = cy.collection();
  if (text) {
    found = cy.nodes().filter((n) => n.data("label").toLowerCase().includes(text) || n.id().toLowerCase().includes(text));
    found.addClass("selected");
    if (found.nonempty()) cy.animate({ fit: { eles: found, padding: 80 } }, { duration: 200 });
  }
  $("graph").dataset.selected = String(found.length);
}

async function loadDrawing() {
  const variables = { ...timeWindow(), track: $("track").value || null };
  const data = await graphql(DRAWING, variables);
  drawing = data.analytics.drawing;
  const sides = [...new Set(drawing.people.map((p) => p.person.side).filter(Boolean))].sort();
  const tags = [...new Set(drawing.people.flatMap((p) => p.person.tags))].sort();
  if (!$("track").value) {
    fillOptions($("side"), sides);
    fillOptions($("tag"), tags);
  }
  const list = $("people");
  list.replaceChildren(
    ...drawing.people.map((p) => {
      const option = document.createElement("option");
      option.value = p.person.key;
      option.label = p.person.name;
      return option;
    }),
  );
  drawLegend(sides);
  render();
}

async function findChain() {
  const from = $("path-from").value.trim();
  const to = $("path-to").value.trim();
  const result = $("path-result");
  clearChain();
  if (!from || !to) {
    result.textContent = "Give two people.";
    return;
  }
  setState("loading");
  try {
    const data = await graphql(CHAIN, { from, to, ...timeWindow() });
    const chain = data.chainOfAcquaintance;
    if (!chain) {
      result.textContent = "These two are not connected in this window.";
      result.dataset.length = "-1";
    } else {
      const names = chain.people.map((p) => p.name);
      const via = chain.steps.map((s) => (s.meeting ? `${s.meeting.title} (${s.meeting.startDate})` : "a meeting"));
      result.textContent = `${names.join(" → ")}, via ${via.join("; ")}`;
      result.dataset.length = String(chain.length);
      const keys = chain.people.map((p) => p.key);
      let path = cy.collection();
      keys.forEach((key, i) => {
        path = path.union(cy.getElementById(key));
        if (i > 0) path = path.union(cy.getElementById(`${keys[i - 1]}|${key}`)).union(cy.getElementById(`${key}|${keys[i - 1]}`));
      });
      cy.elements().addClass("faded");
      path.removeClass("faded").addClass("path");
      $("graph").dataset.highlighted = String(path.nodes().length);
      if (path.nonempty()) cy.animate({ fit: { eles: path, padding: 60 } }, { duration: 200 });
    }
  } catch (error) {
    result.textContent = error.message;
  }
  setState("ready");
}

function clearChain() {
  if (cy) cy.elements().removeClass("path faded");
  $("graph").dataset.highlighted = "0";
  delete $("path-result").dataset.length;
  $("path-result").textContent = "";
}

function percent(share) {
  return share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
}

// Enum-valued groups come as the API's enum names (FEMALE, TRACK_1_5); show them as words.
function groupName(group) {
  return /^[A-Z0-9_]+$/.test(group) ? group.toLowerCase().replaceAll("_", " ") : group;
}

function barRow(label, group) {
  const row = document.createElement("div");
  row.className = "row";
  const name = document.createElement("span");
  name.textContent = label;
  const track = document.createElement("div");
  track.className = "track";
  const figure = document.createElement("span");
  figure.className = "figure";
  if (group.suppressed) {
    figure.textContent = "withheld (small group)";
    figure.classList.add("withheld");
  } else {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = `${Math.min(100, (group.participationShare || 0) * 100)}%`;
    bar.dataset.share = String(group.participationShare ?? "");
    if (group.target !== null && group.target !== undefined) {
      bar.dataset.target = String(group.target);
      if (group.gap < 0) bar.classList.add("short");
      const target = document.createElement("div");
      target.className = "target";
      target.style.left = `${group.target * 100}%`;
      target.title = `target ${percent(group.target)}`;
      track.append(bar, target);
      figure.textContent = `${percent(group.participationShare)} (target ${percent(group.target)})`;
    } else {
      track.append(bar);
      figure.textContent = percent(group.participationShare);
    }
  }
  row.append(name, track, figure);
  return row;
}

async function loadCoverage() {
  const data = await graphql(COVERAGE, timeWindow());
  const coverage = data.coverage;
  const groups = $("coverage-groups");
  groups.replaceChildren();
  for (const dimension of ["gender", "side", "youth"]) {
    for (const group of coverage[dimension]) {
      groups.appendChild(barRow(`${dimension}: ${groupName(group.group)}`, group));
    }
  }
  const years = $("coverage-years");
  years.replaceChildren();
  for (const year of coverage.trends) {
    const women = year.groups.find((g) => g.group === "FEMALE");
    if (women) years.appendChild(barRow(String(year.year), women));
  }
}

/** Points the download links at the current time window. */
function updateDownloads() {
  const { since, until } = timeWindow();
  const query = new URLSearchParams();
  if (since) query.set("since", since);
  if (until) query.set("until", until);
  const suffix = query.toString() ? `?${query}` : "";
  for (const link of document.querySelectorAll("#downloads a")) {
    link.href = link.getAttribute("href").split("?")[0] + suffix;
  }
}

async function refresh() {
  setState("loading", "Loading the network…");
  updateDownloads();
  try {
    await Promise.all([loadDrawing(), loadCoverage()]);
    clearChain();
    setState("ready");
  } catch (error) {
    setState("error", `Could not load the network: ${error.message}`);
  }
}

/** Downloads an export with the API key, which a plain link cannot send. */
async function download(event) {
  if (!apiKey()) return; // the link works as it is
  event.preventDefault();
  const link = event.currentTarget;
  const response = await fetch(link.href, { headers: authorised({}) });
  if (!response.ok) {
    $("status").textContent = `The download failed (${response.status}): ${await response.text()}`;
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const save = document.createElement("a");
  save.href = url;
  save.download = link.href.split("/").pop().split("?")[0];
  save.click();
  URL.revokeObjectURL(url);
}

function start() {
  if (window.PEACENET_MISSING_LIBRARY || typeof cytoscape !== "function") {
    setState("error", "The graph library is not installed: run `npm ci --prefix web` and build again.");
    return;
  }
  for (const id of ["since", "until", "track"]) $(id).addEventListener("change", refresh);
  for (const id of ["side", "tag", "size-by"]) {
    $(id).addEventListener("change", () => {
      setState("loading");
      render();
      clearChain();
      setState("ready");
    });
  }
  $("search").addEventListener("input", applySearch);
  $("api-key").value = apiKey();
  $("api-key").addEventListener("change", () => {
    sessionStorage.setItem("peacenet-key", $("api-key").value.trim());
    refresh();
  });
  for (const link of document.querySelectorAll("#downloads a")) link.addEventListener("click", download);
  $("path-go").addEventListener("click", findChain);
  $("path-clear").addEventListener("click", clearChain);
  refresh();
}

start();
