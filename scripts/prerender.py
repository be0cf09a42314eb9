#!/usr/bin/env python3
"""Trunk post-build hook: puts the app's first page, rendered ahead, in the built index.html.

`cargo run --features prerender --bin prerender` renders the app natively (Yew's server
renderer) as a first visit shows it: the communiqué with the starter codebook. It goes in a
`<div id="prerendered">` (laid out as if it were not there), so the text is painted as soon as
the page and its stylesheet arrive; the app removes it when it mounts. With work stored from an earlier visit, an inline script puts
the copy of the app's first frame kept with that work in its place.
"""
import os
import subprocess
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook")
rendered = subprocess.run(
    ["cargo", "run", "--quiet", "--features", "prerender", "--bin", "prerender"],
    check=True,
    capture_output=True,
    text=True,
).stdout
if "<article" not in rendered:
    sys.exit("the prerender tool printed no document")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
marker = "</noscript>"
if html.count(marker) != 1:
    sys.exit("index.html needs exactly one <noscript> to put the first page after")
# With work stored from an earlier visit, the copy of the app's first frame kept beside it
# (src/dom/first_paint.rs) is painted instead, while the app loads; the app replaces either when
# it mounts. The key is the app's (src/dom/storage.rs); `stored-work` says a project is stored
# (index.html).
painted_ahead = (
    "<script>try { const kept = document.documentElement.classList.contains(\"stored-work\")"
    " && localStorage.getItem(\"communique-annotator/first-paint\"); if (kept) {"
    " document.getElementById(\"prerendered\").innerHTML = kept;"
    " document.documentElement.classList.add(\"painted-ahead\"); } } catch (storageRefused) {}</script>"
)
html = html.replace(marker, f'{marker}\n    <div id="prerendered">{rendered}</div>\n    {painted_ahead}')
open(path, "w", encoding="utf-8").write(html)
print(f"First page rendered ahead ({len(rendered)} bytes)")
