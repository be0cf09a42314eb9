//! Reads the shipped document (content/communique.md) with the core's Markdown reader at build
//! time and writes its blocks as Rust, so the app opens it without parsing and without carrying
//! a Markdown parser.

use annotator_core::document::{markdown_sources, BlockSource};
use annotator_core::{BlockKind, InlineMarks, RunKind};
use std::fmt::Write;

fn main() {
    // With the page's panels split off (feature `split`), wasm-split (scripts/split_page.py)
    // follows the linker's relocations, which lld drops unless asked to keep them; only the
    // page's binary needs them (kept in the workers, they would double their size).
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some()
        && std::env::var("TARGET").is_ok_and(|target| target.starts_with("wasm32"))
    {
        println!("cargo:rustc-link-arg-bin=communique-annotator=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=content/communique.md");
    println!("cargo:rerun-if-changed=build.rs");
    let markdown =
        std::fs::read_to_string("content/communique.md").expect("content/communique.md is in the repository");
    let (title, sources) =
        markdown_sources("Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS", &markdown);
    let mut code = String::from("// Written by build.rs from content/communique.md; do not edit.\n");
    let _ = writeln!(
        code,
        "pub(crate) fn communique_sources() -> (String, Vec<BlockSource>) {{\n    ({title:?}.to_owned(), vec!["
    );
    for BlockSource { kind, pieces } in sources {
        let kind = match kind {
            BlockKind::Heading(level) => format!("BlockKind::Heading({level})"),
            other => format!("BlockKind::{other:?}"),
        };
        let _ = writeln!(code, "        BlockSource {{ kind: {kind}, pieces: vec![");
        for (text, run_kind, InlineMarks { strong, emphasis, code: is_code, link }) in pieces {
            let run_kind = match run_kind {
                RunKind::Text => "RunKind::Text",
                RunKind::LineBreak => "RunKind::LineBreak",
            };
            let link = link.map_or("None".to_owned(), |link| format!("Some({link:?}.to_owned())"));
            let _ = writeln!(
                code,
                "            ({text:?}.to_owned(), {run_kind}, InlineMarks {{ strong: {strong}, emphasis: {emphasis}, code: {is_code}, link: {link} }}),"
            );
        }
        let _ = writeln!(code, "        ] }},");
    }
    code.push_str("    ])\n}\n");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("communique.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
