"""The preview page: one HTML document whose script polls `/state.json` and redraws on change.

Above everything the build's status; then its errors (each `path:line` a button that copies
it, for the editor's "go to line"), the verification's problems, the warnings; then the EPUB's
sections (each opens the section as the EPUB shows it) and the pages, as images. A page that is
not rendered yet is asked for again until it is. No library, nothing loaded from elsewhere.
"""

from __future__ import annotations

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>folio preview</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2733; background: #eef1f4; }
  header { position: sticky; top: 0; background: #1f3b5c; color: #fff; padding: 8px 16px;
           display: flex; gap: 16px; align-items: baseline; z-index: 1; }
  header h1 { font-size: 15px; margin: 0; }
  #status { font-weight: bold; padding: 1px 8px; border-radius: 3px; background: #4d5b6b; }
  #status.verified { background: #1a7f37; } #status.failed, #status.refused { background: #b3141c; }
  #status.building, #status.checking { background: #9a6700; }
  main { padding: 12px 16px; }
  section.list { background: #fff; border-radius: 4px; padding: 6px 12px; margin-bottom: 10px; }
  section.list h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; margin: 4px 0; }
  .errors { border-left: 4px solid #b3141c; } .problems { border-left: 4px solid #d1242f; }
  .warnings { border-left: 4px solid #9a6700; } .sections { border-left: 4px solid #1f3b5c; }
  ul { margin: 0; padding-left: 18px; } li { margin: 2px 0; }
  button.where { font: 12px ui-monospace, monospace; border: 1px solid #bbb; background: #f6f8fa;
                 border-radius: 3px; cursor: pointer; padding: 0 4px; }
  #pages { display: flex; flex-wrap: wrap; gap: 14px; }
  figure { margin: 0; text-align: center; font-size: 12px; color: #555; }
  figure img { width: 420px; min-height: 594px; background: #fff; box-shadow: 0 1px 4px #0003;
               display: block; }
  #pages.stale img { opacity: .55; }
</style>
</head>
<body>
<header><h1>folio preview</h1><span id="status">starting</span><span id="step"></span>
<span id="when"></span></header>
<main>
<section class="list errors" id="errors" hidden><h2>Errors</h2><ul></ul></section>
<section class="list problems" id="problems" hidden><h2>Problems found by the checks</h2><ul></ul></section>
<section class="list warnings" id="warnings" hidden><h2>Warnings</h2><ul></ul></section>
<section class="list sections" id="sections" hidden><h2>EPUB sections</h2><ul></ul></section>
<div id="pages"></div>
</main>
<script>
"use strict";
let version = -1;
let drawnPages = "";
function item(entry) {
  const li = document.createElement("li");
  if (entry.where) {
    const button = document.createElement("button");
    button.className = "where"; button.textContent = entry.where; button.title = "copy";
    button.onclick = () => navigator.clipboard && navigator.clipboard.writeText(entry.where);
    li.append(button, " " + entry.message);
  } else {
    li.textContent = entry.line;
  }
  return li;
}
function fill(id, entries, make) {
  const box = document.getElementById(id);
  const list = box.querySelector("ul");
  list.replaceChildren(...entries.map(make));
  box.hidden = entries.length === 0;
}
function section(entry) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = entry.href; link.target = "_blank"; link.textContent = entry.title;
  li.append(link);
  return li;
}
function page(entry) {
  const figure = document.createElement("figure");
  const image = document.createElement("img");
  image.alt = "page " + entry.label; image.loading = "lazy"; image.src = entry.src;
  image.onerror = () => setTimeout(() => { image.src = entry.src + "&retry=" + Date.now(); }, 500);
  figure.append(image, "page " + entry.label);
  return figure;
}
function draw(state) {
  const status = document.getElementById("status");
  status.textContent = state.status + (state.build ? " (build " + state.build + ")" : "");
  status.className = state.status;
  document.getElementById("step").textContent = state.step;
  const older = state.shown_build && state.shown_build !== state.build;
  document.getElementById("when").textContent = (state.finished ? "at " + state.finished : "")
    + (older ? " \u2014 the pages below are build " + state.shown_build + "'s" : "");
  fill("errors", state.errors, item);
  fill("problems", state.problems, (p) => item({where: "", line: p.line}));
  fill("warnings", state.warnings, item);
  fill("sections", state.sections, section);
  const pages = document.getElementById("pages");
  const wanted = JSON.stringify(state.pages);
  if (wanted !== drawnPages) {  // only when the pages or their marks change: no reload on each step
    drawnPages = wanted;
    pages.replaceChildren(...state.pages.map(page));
  }
  pages.className = state.status === "failed" ? "stale" : "";
}
async function poll() {
  try {
    const answer = await fetch("/state.json", {cache: "no-store"});
    const state = await answer.json();
    if (state.version !== version) { version = state.version; draw(state); }
  } catch (error) {
    document.getElementById("status").textContent = "preview stopped";
  }
  setTimeout(poll, 700);
}
poll();
</script>
</body>
</html>
"""
