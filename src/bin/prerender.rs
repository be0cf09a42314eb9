//! Prints the app's first page as HTML, rendered natively at build time: the communiqué with the
//! starter codebook and no highlights, as a first visit shows it. The build puts it in the page
//! (scripts/add_csp.py), so the text is painted before the WebAssembly has loaded; the app
//! replaces it when it starts (see `communique_annotator::start`).

use annotator_core::theme::starter_codebook;
use annotator_core::{Coder, CoderId, Project, Stamp};
use communique_annotator::app::{App, AppProps};
use communique_annotator::default_document::communique;
use communique_annotator::state::AppState;
use std::rc::Rc;

fn first_visit() -> AppState {
    let document = Rc::new(communique());
    let project = Project::new(&document, starter_codebook(Stamp::default()));
    // The person is not known at build time; the app knows them once it runs.
    AppState::new(
        document,
        project,
        Coder { id: CoderId::default(), name: String::new(), colour: "#1f77b4".into(), stamp: Stamp::default() },
    )
}

fn main() {
    let renderer = yew::LocalServerRenderer::<App>::with_props(AppProps { start: Some(first_visit) }).hydratable(false);
    print!("{}", futures::executor::block_on(renderer.render()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_page_holds_the_communique_and_the_starter_codebook_and_no_script() {
        let renderer = yew::LocalServerRenderer::<App>::with_props(AppProps { start: Some(first_visit) });
        let html = futures::executor::block_on(renderer.hydratable(false).render());
        assert!(html.starts_with("<div class=\"app\">"), "{}", &html[..80]);
        assert!(html.contains("Ministerial Meeting of the Global Coalition to Defeat Daesh/ISIS"));
        assert!(html.contains("The Ministers of the Global Coalition to Defeat Daesh/ISIS, reconvening in-person"));
        assert!(html.contains("Coalition membership and cohesion"), "the codebook's last starter theme is on the page");
        assert!(!html.contains("<script"));
        assert_eq!(html.matches("<article").count(), 1);
    }
}
