//! Disagreements and the consensus built from them, applied through the core as the app does:
//! accepting a version, accepting several, rejecting, "k of n", and undoing each.

use annotator_agreement::{
    agreed_by_at_least, agreement, consensus_command, disagreements, settle, settle_where_agreed, Verdict,
};
use annotator_core::annotation::{Annotation, TextQuote};
use annotator_core::coder::CONSENSUS_ID;
use annotator_core::command::{apply, Operation, Origin};
use annotator_core::document::Document;
use annotator_core::history::History;
use annotator_core::ids::{AnnotationId, CoderId, Stamp, ThemeId, Timestamp};
use annotator_core::project::Project;
use annotator_core::span::Span;
use annotator_core::theme::Theme;
use std::rc::Rc;
use uuid::Uuid;

const AMIRA: CoderId = CoderId(Uuid::from_u128(0xa));
const BEN: CoderId = CoderId(Uuid::from_u128(0xb));
const CHLOE: CoderId = CoderId(Uuid::from_u128(0xc));
const HOPE: ThemeId = ThemeId(Uuid::from_u128(0x100));
const FEAR: ThemeId = ThemeId(Uuid::from_u128(0x200));
//                    0         1         2         3         4
//                    0123456789012345678901234567890123456789012345
const TEXT: &str = "We hope for peace and we fear the worst of it.";

fn span(start: usize, end: usize) -> Span {
    Span::between(start, end)
}

/// An annotation to put in the project: its number, coder, passage and themes.
type Coded<'a> = (u128, CoderId, (usize, usize), &'a [ThemeId]);

fn project(coded: &[Coded]) -> Project {
    let document = Document::from_plain_text("speech", "Speech", TEXT);
    let stamp = Stamp::new(Timestamp(1), AMIRA);
    let themes =
        vec![Theme::new(HOPE, "Hope", "#ff0000", "", 0, stamp), Theme::new(FEAR, "Fear", "#00ff00", "", 1, stamp)];
    let annotations = coded
        .iter()
        .map(|(number, coder, (start, end), themes)| {
            let quote = TextQuote::default();
            let stamp = Stamp::new(Timestamp(1), *coder);
            Annotation::new(AnnotationId(Uuid::from_u128(*number)), "speech", span(*start, *end), quote, themes, stamp)
        })
        .collect();
    Project::from_parts(vec![Rc::new(document)], Vec::new(), themes, annotations)
}

/// Ids for new consensus records: 1000, 1001, …
fn ids() -> impl FnMut() -> AnnotationId {
    let mut next = 1000;
    move || {
        next += 1;
        AnnotationId(Uuid::from_u128(next))
    }
}

fn consensus_spans(project: &Project, theme_id: ThemeId) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = project
        .placed_annotations_in("speech")
        .filter(|annotation| annotation.coder == CONSENSUS_ID && annotation.has_theme(theme_id))
        .map(|annotation| (annotation.span.start(), annotation.span.end()))
        .collect();
    spans.sort_unstable();
    spans
}

/// Amira: hope 3..18, fear 25..46; Ben: hope 3..7 and 12..18, fear 25..29; Chloé: hope 3..18.
fn three_coders() -> Project {
    project(&[
        (1, AMIRA, (3, 18), &[HOPE]),
        (2, AMIRA, (25, 46), &[FEAR]),
        (3, BEN, (3, 7), &[HOPE]),
        (4, BEN, (12, 18), &[HOPE]),
        (5, BEN, (25, 29), &[FEAR]),
        (6, CHLOE, (3, 18), &[HOPE]),
    ])
}

#[test]
fn disagreements_are_the_stretches_where_coverage_differs_with_each_version() {
    let project = three_coders();
    let found = disagreements(&project, "speech", &[AMIRA, BEN, CHLOE], HOPE).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let only = &found[0];
    assert_eq!(only.span, span(7, 12));
    let coded: Vec<(CoderId, bool)> = only.versions.iter().map(|version| (version.coder, version.coded())).collect();
    assert_eq!(coded, vec![(AMIRA, true), (BEN, false), (CHLOE, true)]);
    assert_eq!(only.versions[0].passages, vec![(AnnotationId(Uuid::from_u128(1)), span(3, 18))]);
    assert!(!only.settled);

    // Fear: Amira alone goes on after Ben stops, and Chloé never used it.
    let fear = disagreements(&project, "speech", &[AMIRA, BEN, CHLOE], FEAR).unwrap();
    assert_eq!(fear.iter().map(|found| found.span).collect::<Vec<_>>(), vec![span(25, 46)]);
    assert_eq!(fear[0].versions[1].passages.len(), 1);

    // Two coders who agree have nothing to settle; one coder is refused; an unknown document too.
    assert!(disagreements(&project, "speech", &[AMIRA, CHLOE], HOPE).unwrap().is_empty());
    assert!(disagreements(&project, "speech", &[AMIRA, AMIRA], HOPE).is_err());
    assert!(disagreements(&project, "elsewhere", &[AMIRA, BEN], HOPE).is_err());
}

#[test]
fn accepting_rejecting_and_k_of_n_build_a_consensus_that_undoes_step_by_step() {
    let mut project = three_coders();
    let mut history = History::default();
    let mut new_id = ids();
    let mut at = 10;
    let mut run = |project: &mut Project, history: &mut History, operations| {
        at += 1;
        let command = consensus_command(project, "speech", Timestamp(at), operations);
        history.record(apply(project, command, Origin::Local).unwrap());
    };
    let coders = [AMIRA, BEN, CHLOE];

    // Accept Ben's version of fear: his passage becomes the consensus (the rest of the stretch,
    // where only Amira coded it, is rejected), and the consensus coder joins the project.
    let fear = disagreements(&project, "speech", &coders, FEAR).unwrap();
    run(&mut project, &mut history, settle(&fear[0], &Verdict::Accept(vec![BEN]), &mut new_id));
    assert_eq!(consensus_spans(&project, FEAR), vec![(25, 29)]);
    assert_eq!(project.coder(CONSENSUS_ID).map(|coder| coder.name.as_str()), Some("Consensus"));
    assert!(disagreements(&project, "speech", &coders, FEAR).unwrap()[0].settled);

    // Reject hope's disagreement: nothing kept there, but the stretch is settled.
    let hope = disagreements(&project, "speech", &coders, HOPE).unwrap();
    run(&mut project, &mut history, settle(&hope[0], &Verdict::Reject, &mut new_id));
    assert_eq!(consensus_spans(&project, HOPE), Vec::<(usize, usize)>::new());
    assert!(disagreements(&project, "speech", &coders, HOPE).unwrap()[0].settled);

    // Two of three: hope where at least two coded it, except the rejected stretch 7..12; fear
    // where two coded it (25..29), already decided: nothing more.
    let agreed = agreed_by_at_least(&project, "speech", &coders, &[HOPE, FEAR], 2).unwrap();
    assert_eq!(agreed, vec![(HOPE, span(3, 7)), (HOPE, span(12, 18))]);
    run(&mut project, &mut history, settle_where_agreed(&agreed, &mut new_id));
    assert_eq!(consensus_spans(&project, HOPE), vec![(3, 7), (12, 18)]);
    // The consensus alone, as a project of its own: its records only (the rejection too), and
    // of the coders only it.
    let alone = project.only_coder(CONSENSUS_ID);
    assert_eq!(alone.all_annotations().len(), 5);
    assert!(alone.all_annotations().all(|annotation| annotation.coder == CONSENSUS_ID));
    assert_eq!(alone.coders().iter().map(|coder| coder.id).collect::<Vec<_>>(), vec![CONSENSUS_ID]);
    assert_eq!(consensus_spans(&alone, HOPE), vec![(3, 7), (12, 18)]);
    // Once more adds nothing.
    assert!(agreed_by_at_least(&project, "speech", &coders, &[HOPE, FEAR], 2).unwrap().is_empty());

    // The consensus compares like any coder: with Ben, on hope, it agrees everywhere.
    let report = agreement(&project, "speech", &[BEN, CONSENSUS_ID], &[HOPE]).unwrap();
    assert_eq!(report.themes[0].figures.char_level.alpha_nominal, Some(1.0));

    // Every step undoes, the last first.
    let me = |at| Stamp::new(Timestamp(at), AMIRA);
    for (step, expected_hope, expected_fear) in
        [(100, vec![], vec![(25, 29)]), (101, vec![], vec![(25, 29)]), (102, vec![], vec![])]
    {
        history.undo(&mut project, me(step)).expect("a step to undo").unwrap();
        assert_eq!(consensus_spans(&project, HOPE), expected_hope, "after undo at {step}");
        assert_eq!(consensus_spans(&project, FEAR), expected_fear, "after undo at {step}");
    }
    assert!(!disagreements(&project, "speech", &coders, HOPE).unwrap()[0].settled);
    assert!(!disagreements(&project, "speech", &coders, FEAR).unwrap()[0].settled);
    // And redo brings them back, the first first.
    history.redo(&mut project, me(200)).expect("a step to redo").unwrap();
    assert_eq!(consensus_spans(&project, FEAR), vec![(25, 29)]);
    history.redo(&mut project, me(201)).expect("a step to redo").unwrap();
    assert!(disagreements(&project, "speech", &coders, HOPE).unwrap()[0].settled);
    assert_eq!(consensus_spans(&project, HOPE), Vec::<(usize, usize)>::new());
    // Undoing keeps the consensus coder in the project, as it keeps every coder.
    assert!(project.coder(CONSENSUS_ID).is_some());
}

#[test]
fn accepting_several_versions_joins_their_passages_and_k_counts_only_people() {
    let project = project(&[(1, AMIRA, (0, 10), &[HOPE]), (2, BEN, (8, 20), &[HOPE]), (3, BEN, (20, 25), &[HOPE])]);
    let found = disagreements(&project, "speech", &[AMIRA, BEN], HOPE).unwrap();
    assert_eq!(found.iter().map(|found| found.span).collect::<Vec<_>>(), vec![span(0, 8), span(10, 25)]);
    let operations = settle(&found[1], &Verdict::Accept(vec![AMIRA, BEN]), &mut ids());
    // Only Ben's 8..20 and 20..25 reach into 10..25 (Amira's 0..10 only touches it): joined, one
    // passage 8..25.
    assert_eq!(operations.len(), 1);
    assert!(matches!(&operations[0], Operation::CreateAnnotation { span: s, .. } if *s == span(8, 25)));
    // Editing keeps every version joined, to be moved, and rejects the whole stretch beneath it.
    let edited = settle(&found[1], &Verdict::Edit, &mut ids());
    assert_eq!(edited.len(), 3);
    assert!(matches!(&edited[0], Operation::CreateAnnotation { span: s, .. } if *s == span(8, 25)));
    assert!(matches!(&edited[1], Operation::CreateAnnotation { span: s, .. } if *s == span(10, 25)));
    assert!(matches!(&edited[2], Operation::DeleteAnnotation { .. }));
    // Accepting a coder who coded nothing there is a rejection.
    let rejected = settle(&found[0], &Verdict::Accept(vec![BEN]), &mut ids());
    assert_eq!(rejected.len(), 2);
    // The consensus is never one of the n; with it, one person is too few.
    assert!(agreed_by_at_least(&project, "speech", &[AMIRA, CONSENSUS_ID], &[HOPE], 1).is_err());
    assert_eq!(agreed_by_at_least(&project, "speech", &[AMIRA, BEN], &[HOPE], 2).unwrap(), vec![(HOPE, span(8, 10))]);
    assert_eq!(agreed_by_at_least(&project, "speech", &[AMIRA, BEN], &[HOPE], 1).unwrap(), vec![(HOPE, span(0, 25))]);

    // Accepting where both agree (8..10) decides neither stretch beside it: they stay open.
    let mut project = project;
    let mut new_id = ids();
    let agreed = agreed_by_at_least(&project, "speech", &[AMIRA, BEN], &[HOPE], 2).unwrap();
    let command = consensus_command(&project, "speech", Timestamp(50), settle_where_agreed(&agreed, &mut new_id));
    apply(&mut project, command, Origin::Local).unwrap();
    let found = disagreements(&project, "speech", &[AMIRA, BEN], HOPE).unwrap();
    assert_eq!(found.iter().map(|found| found.settled).collect::<Vec<_>>(), vec![false, false]);
    // Accepting Ben's version of 10..25 settles it whole.
    let accept_ben = settle(&found[1], &Verdict::Accept(vec![BEN]), &mut new_id);
    let command = consensus_command(&project, "speech", Timestamp(60), accept_ben);
    apply(&mut project, command, Origin::Local).unwrap();
    let found = disagreements(&project, "speech", &[AMIRA, BEN], HOPE).unwrap();
    assert_eq!(found.iter().map(|found| found.settled).collect::<Vec<_>>(), vec![false, true]);
}
