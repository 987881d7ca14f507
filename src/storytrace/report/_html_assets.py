"""The inline stylesheet and script of the HTML report.

Both are constants without any URL: the page must open from a file with the network off,
and its Content-Security-Policy forbids loading anything anyway.
"""

from __future__ import annotations

# Colours: light backgrounds with dark text, each pair above 7:1 contrast (WCAG AAA).
STYLE = """
:root { color-scheme: light; --gap: 1.25rem; }
body { font: 16px/1.55 system-ui, sans-serif; color: #1b1b1b; background: #fff;
       margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 110rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
a { color: #0b4a8b; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; list-style: none; }
.columns { display: grid; gap: var(--gap); grid-auto-flow: column;
           grid-auto-columns: minmax(16rem, 1fr); overflow-x: auto; }
.columns.many { grid-auto-columns: minmax(16rem, calc((100% - 2 * var(--gap)) / 3)); }
.column { min-width: 0; border-top: 4px solid #555; padding-top: .5rem; }
.column header h3 { margin: .2rem 0; font-size: 1.15rem; }
.column header p { margin: .15rem 0; font-size: .9rem; }
.outlet { font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.url a { word-break: break-all; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 1rem; }
.sentence { color: inherit; text-decoration: none; border-radius: 2px; }
a.sentence:hover, a.sentence:focus { outline: 2px solid #1b1b1b; }
.kind-translated { background: #d9f2dc; }
.kind-paraphrased { background: #dbe9fb; }
.kind-copied { background: #fde3c4; }
.only-here { background: #ececec; border-bottom: 1px dashed #555; }
mark.shared { background: transparent; color: inherit;
              text-decoration: underline 2px #8a1c1c; text-underline-offset: 3px; }
.quote { font-style: italic; }
.sentence.hl, .sentence:target, .quote:target { outline: 3px solid #8a1c1c;
                                                 background: #fff3a8; }
.sentence.hl-source { outline: 2px solid #1b1b1b; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; vertical-align: top; text-align: left; }
.variants { display: grid; gap: var(--gap);
            grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); }
.variant { margin: 0; border: 1px solid #bbb; padding: .5rem .75rem; }
.variant blockquote { margin: .5rem 0; }
.speaker { font-size: .9rem; color: #333; }
.changes { font-size: .9rem; padding-left: 1.2rem; }
.variant.first { border-color: #555; }
.first-mark { font-size: .8rem; font-weight: 700; text-transform: uppercase;
              border: 1px solid #555; border-radius: 3px; padding: 0 .3rem; }
.quote-group .role, .quote-meta { font-size: .9rem; font-weight: 400; color: #333; }
.notes { font-size: .85rem; color: #5a3b00; padding-left: 1.2rem; }
ins { background: #d9f2dc; text-decoration: underline; }
del { background: #f8d7d7; text-decoration: line-through; }
del::before, del::after, ins::before, ins::after {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
del::before { content: " [dropped: "; }
ins::before { content: " [added: "; }
del::after, ins::after { content: "] "; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.facts ul { margin: 0; padding-left: 1.1rem; }
.facts li ul { margin: .15rem 0 .4rem; font-size: .95rem; }
.explain { font-size: .9rem; color: #333; max-width: 60rem; }
th[title] { text-decoration: underline dotted; cursor: help; }
footer { margin-top: 3rem; font-size: .85rem; color: #444; }
"""

# Hover or focus on a matched sentence lights up its counterparts; a click pins them and
# brings the first into view. Without script the sentence is a plain link to its first
# counterpart, which :target highlights.
SCRIPT = """
(function () {
  "use strict";
  var pinned = null;
  function targets(el) {
    return (el.getAttribute("data-counterparts") || "").split(" ").filter(Boolean)
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
  }
  function light(el, on) {
    if (!el) { return; }
    el.classList.toggle("hl-source", on);
    targets(el).forEach(function (t) { t.classList.toggle("hl", on); });
  }
  function release(el) {
    if (pinned === el) { return; }
    light(el, false);
    light(pinned, true);  // the pinned highlight may share counterparts with el
  }
  document.querySelectorAll("a.sentence[data-counterparts]").forEach(function (el) {
    el.addEventListener("mouseenter", function () { light(el, true); });
    el.addEventListener("mouseleave", function () { release(el); });
    el.addEventListener("focus", function () { light(el, true); });
    el.addEventListener("blur", function () { release(el); });
    el.addEventListener("click", function (event) {
      event.preventDefault();
      var again = pinned === el;
      light(pinned, false);
      pinned = again ? null : el;
      if (pinned) {
        light(el, true);
        var first = targets(el)[0];
        if (first) { first.scrollIntoView({block: "center", behavior: "smooth"}); }
      }
    });
  });
})();
"""
