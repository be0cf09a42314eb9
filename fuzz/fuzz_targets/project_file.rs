#![no_main]
//! The project file reader never panics, and what it reads it writes back and reads again alike.
use libfuzzer_sys::fuzz_target;
use std::rc::Rc;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let known = [Rc::new(common::document())];
    if let Ok((project, _)) = annotator_formats::project_file::read(text, &known) {
        let written = annotator_formats::project_file::write(&project);
        let (again, _) = annotator_formats::project_file::read(&written, &[]).expect("a written project reads back");
        assert_eq!(again, project);
    }
});
