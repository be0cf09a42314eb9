#!/usr/bin/env python3
"""Trunk post-build hook: puts the app's first page, rendered ahead, in the built index.html.

`cargo run --features prerender --bin prerender` renders the app natively (Yew's server
renderer) as a first visit shows it: the communiqué with the starter codebook. It goes in a
`<div id="prerendered">` (laid out as if it were not there), so the text is painted as soon as
the page and its stylesheet arrive; the app removes it when it mounts.
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
html = html.replace(marker, f'{marker}\n    <div id="prerendered">{rendered}</div>')
open(path, "w", encoding="utf-8").write(html)
print(f"First page rendered ahead ({len(rendered)} bytes)")
