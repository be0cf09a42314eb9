#!/usr/bin/env python3
"""Trunk post-build hook: cuts the page's WebAssembly at its split points into modules fetched
on first use (src/components/panels/on_demand.rs), so the page's first load carries less.

Trunk builds the page (feature `split`) and binds it whole; this runs `wasm-split-cli` on
cargo's output (linked with `--emit-relocs`, .cargo/config.toml), binds the main part with
wasm-bindgen under Trunk's file names, optimises each part with wasm-opt in a release build, and
replaces Trunk's files in the staging folder. The other parts and their loader are named after
the page's hashed file name, so a browser never mixes parts of two builds.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook")
profile = os.environ.get("TRUNK_PROFILE", "debug")
target_dir = os.environ.get("CARGO_TARGET_DIR", "target")
built = os.path.join(target_dir, "wasm32-unknown-unknown", profile, "communique-annotator.wasm")
pages = glob.glob(os.path.join(staging, "communique-annotator-*.js"))
if len(pages) != 1 or not os.path.exists(built):
    sys.exit(f"expected one page script in {staging} and cargo's {built}")
stem = os.path.basename(pages[0])[: -len(".js")]
link_name = f"{stem}-split.js"

with tempfile.TemporaryDirectory() as work:
    cut = os.path.join(work, "cut")
    subprocess.run(["wasm-split-cli", built, cut], check=True)
    bound = os.path.join(work, "bound")
    subprocess.run(
        ["wasm-bindgen", os.path.join(cut, "main.wasm"), "--out-dir", bound, "--out-name", stem,
         "--target", "web", "--no-typescript", "--keep-lld-exports"],
        check=True,
    )
    parts = {f"{stem}_bg.wasm": os.path.join(bound, f"{stem}_bg.wasm")}
    for path in glob.glob(os.path.join(cut, "*.wasm")):
        name = os.path.basename(path)
        if name != "main.wasm":
            parts[f"{stem}-{name}"] = path

    # The loader wasm-split writes imports the page's bindings as ./main.js and fetches each part
    # by its own name; the bindings import the loader as ./__wasm_split.js. (The script wasm-split
    # writes has no option for these names, hence the rewriting.)
    loader = open(os.path.join(cut, "__wasm_split.js"), encoding="utf-8").read()
    loader = loader.replace('from "./main.js"', f'from "./{stem}.js"')
    loader = re.sub(r'new URL\("\./((?:split|chunk)_[A-Za-z0-9_]+\.wasm)"', rf'new URL("./{stem}-\1"', loader)
    bindings = open(os.path.join(bound, f"{stem}.js"), encoding="utf-8").read()
    if "./__wasm_split.js" not in bindings:
        sys.exit("the page's bindings do not import the split loader: no split points were cut")
    # Only where the bindings import it: the import object keeps the module name the wasm asks for.
    bindings = re.sub(r'(\bfrom )(["\'])\./__wasm_split\.js\2', rf'\g<1>"./{link_name}"', bindings)

    before = os.path.getsize(os.path.join(staging, f"{stem}_bg.wasm"))
    for name, path in parts.items():
        out = os.path.join(staging, name)
        # KEEP_NAMES=1 leaves the parts as linked, with their function names, for
        # bench/profile.mjs (wasm-opt drops the names).
        if profile == "release" and os.environ.get("KEEP_NAMES") != "1":
            # The features are the ones Rust's wasm32 target emits (Trunk's wasm-opt passes the same).
            subprocess.run(
                ["wasm-opt", "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
                 "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types",
                 "--enable-multivalue", "--strip-debug", "--strip-producers", "-o", out, path],
                check=True,
            )
        else:
            shutil.copyfile(path, out)
    open(os.path.join(staging, f"{stem}.js"), "w", encoding="utf-8").write(bindings)
    open(os.path.join(staging, link_name), "w", encoding="utf-8").write(loader)
    main_size = os.path.getsize(os.path.join(staging, f"{stem}_bg.wasm"))
    print(f"Page cut into {len(parts)} modules: the first load's {before} bytes now {main_size}")
