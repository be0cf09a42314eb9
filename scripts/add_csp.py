#!/usr/bin/env python3
"""Trunk post-build hook: puts a Content-Security-Policy in the built index.html.

The policy lets the page run only its own files: its script, the one inline loader Trunk writes
(allowed by its SHA-256, computed here because it names the hashed file names of this build),
WebAssembly, and the exchange worker (a blob: URL that loads the worker's script from this
origin). Nothing else runs: no inline script, no event handler attribute, no other origin.
"""
import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()

inline_scripts = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    for script in inline_scripts
    if script.strip()
)
policy = "; ".join(
    [
        "default-src 'none'",
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}".strip(),
        "worker-src 'self' blob:",
        # Live sessions reach the session server a link names (ws:// or wss://, any host).
        "connect-src 'self' ws: wss:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
html, count = re.subn(r"(<meta charset=\"utf-8\" />)", r"\1\n    " + meta.replace("\\", "\\\\"), html, count=1)
if count != 1:
    sys.exit("index.html has no <meta charset=\"utf-8\" /> to put the policy after")
open(path, "w", encoding="utf-8").write(html)
print(f"Content-Security-Policy added ({len(inline_scripts)} inline script(s) allowed by hash)")
