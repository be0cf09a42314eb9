//! Rooms shared by several tabs, with the frames carried between them as a y-websocket server
//! carries them: concurrent edits converge, a tab that was away catches up, another tool's
//! records are read, and a room or a frame holding garbage is read around, never crashing.

use annotator_core::command::{apply, Command, Operation, Origin};
use annotator_core::{AnnotationId, Coder, CoderId, Document, Project, Span, Stamp, Theme, ThemeId, Timestamp};
use annotator_sync::schema::{self, Kind};
use annotator_sync::Room;
use proptest::prelude::*;
use std::rc::Rc;
use uuid::Uuid;
use yrs::updates::decoder::Decode;
use yrs::{Any, Doc, Map, MapPrelim, ReadTxn, Transact, WriteTxn};

const AMIRA: CoderId = CoderId(Uuid::from_u128(0xa));
const BEN: CoderId = CoderId(Uuid::from_u128(0xb));
const HOPE: ThemeId = ThemeId(Uuid::from_u128(0x100));
const FEAR: ThemeId = ThemeId(Uuid::from_u128(0x200));
const TEXT: &str = "We hope for peace and we fear the worst of it.";

fn clock() -> u64 {
    1_000
}

fn document() -> Rc<Document> {
    Rc::new(Document::from_plain_text("speech", "Speech", TEXT))
}

/// A project as a coder starts it: the document, the coder, two themes.
fn start(coder: CoderId, name: &str) -> Project {
    let stamp = Stamp::new(Timestamp(1), AMIRA);
    let themes =
        vec![Theme::new(HOPE, "Hope", "#ff0000", "", 0, stamp), Theme::new(FEAR, "Fear", "#00ff00", "", 1, stamp)];
    let me = Coder { id: coder, name: name.into(), colour: "#1f77b4".into(), stamp: Stamp::new(Timestamp(1), coder) };
    Project::from_parts(vec![document()], vec![me], themes, Vec::new())
}

fn run(project: &mut Project, coder: CoderId, at: i64, operation: Operation) -> Project {
    let command = Command { document_id: "speech".into(), stamp: Stamp::new(Timestamp(at), coder), operation };
    let change = apply(project, command, Origin::Local).expect("applies");
    // What the page sends the worker: the records the change wrote.
    let mut written = Project::from_parts(vec![document()], Vec::new(), Vec::new(), Vec::new());
    for edit in change.edits {
        if let annotator_core::Record::Annotation(annotation) = edit.after {
            written = Project::from_parts(
                vec![document()],
                Vec::new(),
                Vec::new(),
                written.all_annotations().cloned().chain([(*annotation).clone()]).collect(),
            );
        }
    }
    written
}

fn create(number: u128, (start, end): (usize, usize), themes: &[ThemeId]) -> Operation {
    Operation::CreateAnnotation {
        id: AnnotationId(Uuid::from_u128(number)),
        span: Span::between(start, end),
        theme_ids: themes.to_vec(),
    }
}

/// A server for tests: every frame one tab sends reaches the others, as y-sweet relays them.
struct Relay {
    rooms: Vec<Room>,
    outbox: Vec<(usize, Vec<u8>)>,
}

impl Relay {
    fn new(tabs: usize) -> Relay {
        let rooms = (0..tabs).map(|tab| Room::new(tab as u64 + 1, clock)).collect();
        Relay { rooms, outbox: Vec::new() }
    }

    fn send(&mut self, from: usize, frames: impl IntoIterator<Item = Vec<u8>>) {
        self.outbox.extend(frames.into_iter().map(|frame| (from, frame)));
    }

    fn write(&mut self, tab: usize, records: &Project) {
        let written = self.rooms[tab].write(records);
        self.send(tab, written.frame);
    }

    /// Delivers every frame (and the replies they call for) until none is left.
    fn settle(&mut self) -> Vec<Project> {
        let mut arrived = Vec::new();
        while let Some((from, frame)) = (!self.outbox.is_empty()).then(|| self.outbox.remove(0)) {
            for to in 0..self.rooms.len() {
                if to == from {
                    continue;
                }
                let received = self.rooms[to].receive(&frame);
                assert!(received.unreadable.is_empty(), "{:?}", received.unreadable);
                arrived.extend(received.records);
                self.send(to, received.replies);
            }
        }
        arrived
    }

    /// Connects every tab as the protocol does: sync step 1 both ways.
    fn connect(&mut self) {
        for tab in 0..self.rooms.len() {
            let greeting = self.rooms[tab].greeting();
            self.send(tab, greeting);
        }
        self.settle();
    }
}

/// Ben's highlight of "hope" (3..7) with `themes`, as another Yjs client writes one: the plain
/// fields of the schema and `theme_ids`, without `coded` or `edited`.
fn highlight_as_another_tool_writes_it(txn: &mut yrs::TransactionMut, id: &str, themes: &[Uuid]) {
    let annotations = txn.get_or_insert_map("annotations");
    let record = annotations.insert(
        txn,
        id,
        MapPrelim::from([
            ("document", yrs::In::from(Any::from("speech"))),
            ("start", Any::from(3.0).into()),
            ("end", Any::from(7.0).into()),
            ("exact", Any::from("hope").into()),
            ("coder", Any::from(BEN.0.to_string()).into()),
            ("created", Any::from("2021-06-28T10:05:00Z").into()),
        ]),
    );
    let theme_ids = record.insert(txn, "theme_ids", MapPrelim::default());
    for theme in themes {
        theme_ids.insert(txn, theme.to_string(), true);
    }
}

#[test]
fn two_tabs_tagging_one_passage_at_once_both_keep_both_themes() {
    let mut relay = Relay::new(2);
    let mut amira = start(AMIRA, "Amira");
    let mut ben = start(BEN, "Ben");
    relay.write(0, &amira);
    relay.write(1, &ben);
    relay.connect();
    let made = run(&mut amira, AMIRA, 10, create(1, (3, 7), &[HOPE]));
    relay.write(0, &made);
    relay.settle();
    assert!(relay.rooms[1].records().annotation(AnnotationId(Uuid::from_u128(1))).is_some());
    let mut merged_ben = ben.clone();
    annotator_core::merge(&mut merged_ben, relay.rooms[1].records());
    ben = merged_ben;
    // Both add a theme to the same highlight before either hears of the other's.
    let id = AnnotationId(Uuid::from_u128(1));
    let by_amira = run(&mut amira, AMIRA, 20, Operation::AddAnnotationTheme { annotation_id: id, theme_id: FEAR });
    let by_ben = run(&mut ben, BEN, 20, Operation::RemoveAnnotationTheme { annotation_id: id, theme_id: HOPE });
    relay.write(0, &by_amira);
    relay.write(1, &by_ben);
    relay.settle();
    for room in &relay.rooms {
        let annotation = room.records().annotation(id).expect("there");
        let themes: Vec<ThemeId> = annotation.theme_ids().collect();
        assert_eq!(themes, vec![FEAR], "Ben's removal and Amira's addition both hold");
    }
    assert_eq!(relay.rooms[0].state_as_update().len(), relay.rooms[1].state_as_update().len());
}

#[test]
fn the_same_note_written_at_once_settles_on_the_later_write_everywhere() {
    let mut relay = Relay::new(2);
    let mut amira = start(AMIRA, "Amira");
    relay.write(0, &amira);
    relay.connect();
    let made = run(&mut amira, AMIRA, 10, create(1, (3, 7), &[HOPE]));
    relay.write(0, &made);
    relay.settle();
    let mut ben = relay.rooms[1].records().clone();
    let id = AnnotationId(Uuid::from_u128(1));
    // Ben writes later, from the tab with the lower client id: Yjs alone would keep Amira's.
    let note = |note: &str| Operation::SetAnnotationNote { annotation_id: id, note: note.into() };
    let later = run(&mut ben, BEN, 30, note("Ben's"));
    let earlier = run(&mut amira, AMIRA, 20, note("Amira's"));
    relay.write(1, &later);
    relay.write(0, &earlier);
    relay.settle();
    for room in &relay.rooms {
        assert_eq!(room.records().annotation(id).unwrap().note, "Ben's");
    }
    // The rooms themselves agree too: a tab joining now reads Ben's note from the room.
    let mut late = Room::new(9, clock);
    let state = relay.rooms[0].state_as_update();
    let received = late.restore(&[state]);
    assert!(received.skipped.is_empty());
    assert_eq!(late.records().annotation(id).unwrap().note, "Ben's");
}

#[test]
fn a_tab_that_was_away_catches_up_and_its_own_work_reaches_the_others() {
    let mut relay = Relay::new(2);
    let mut amira = start(AMIRA, "Amira");
    relay.write(0, &amira);
    relay.connect();
    // Ben's tab is offline: its writes stay in it (and in its store) until it reconnects.
    let mut ben = relay.rooms[1].records().clone();
    let away = relay.rooms[1].write(&run(&mut ben, BEN, 10, create(2, (25, 29), &[FEAR])));
    assert!(away.update.is_some(), "kept for the store");
    let stored = relay.rooms[1].state_as_update();
    let meanwhile = relay.rooms[0].write(&run(&mut amira, AMIRA, 11, create(1, (3, 7), &[HOPE])));
    assert!(meanwhile.frame.is_some());
    // Back online: sync step 1 both ways, as on every connection.
    relay.connect();
    for room in &relay.rooms {
        assert_eq!(room.records().annotations().count(), 2);
    }
    // A tab restored from the store alone has what it had.
    let mut restored = Room::new(7, clock);
    restored.restore(&[stored]);
    assert_eq!(restored.records().annotations().count(), 1);
}

#[test]
fn a_record_written_by_another_yjs_client_as_the_schema_says_is_read() {
    let doc = Doc::new();
    {
        let mut txn = doc.transact_mut();
        let documents = txn.get_or_insert_map("documents");
        let blocks = serde_json::json!([{ "kind": "paragraph", "pieces": [{ "text": TEXT }] }]);
        let source = document();
        documents.insert(
            &mut txn,
            "speech",
            MapPrelim::from([
                ("title", Any::from("Speech")),
                ("source", Any::from("")),
                ("fingerprint", Any::from(source.fingerprint())),
                ("blocks", serde_json::from_value::<Any>(blocks).unwrap()),
            ]),
        );
        let themes = txn.get_or_insert_map("themes");
        themes.insert(
            &mut txn,
            HOPE.0.to_string(),
            MapPrelim::from([
                ("name", Any::from("Hope")),
                ("colour", Any::from("#ff0000")),
                ("coder", Any::from(AMIRA.0.to_string())),
                ("created", Any::from("2021-06-28T10:00:00Z")),
            ]),
        );
        highlight_as_another_tool_writes_it(&mut txn, "7a2c0e9e-2f4b-4c39-9d1c-1f2a3b4c5d6e", &[HOPE.0]);
    }
    let update = doc.transact().encode_state_as_update_v1(&Default::default());
    let mut room = Room::new(3, clock);
    let received = room.restore(&[update]);
    assert!(received.skipped.is_empty(), "{:?}", received.skipped);
    let records = received.records.expect("records");
    let annotation = records.annotations().next().expect("read");
    assert_eq!((annotation.span, annotation.coder), (Span::between(3, 7), BEN));
    assert_eq!(annotation.theme_ids().collect::<Vec<_>>(), vec![HOPE]);
}

#[test]
fn a_room_holding_garbage_is_read_around_and_says_what_it_skipped() {
    let mut relay = Relay::new(1);
    relay.write(0, &start(AMIRA, "Amira"));
    let good = relay.rooms[0].state_as_update();
    let doc = Doc::new();
    {
        let mut txn = doc.transact_mut();
        txn.apply_update(yrs::Update::decode_v1(&good).unwrap()).unwrap();
        let annotations = txn.get_or_insert_map("annotations");
        annotations.insert(&mut txn, "not-a-map", "just a string");
        annotations.insert(&mut txn, "wrong-types", MapPrelim::from([("start", "three"), ("end", "seven")]));
        annotations.insert(
            &mut txn,
            "huge",
            MapPrelim::from([("note", Any::from("x".repeat(schema::MAX_FIELD_CHARS + 1)))]),
        );
        let themes = txn.get_or_insert_map("themes");
        themes.insert(&mut txn, "bad-colour", MapPrelim::from([("name", "Odd"), ("colour", "javascript:alert(1)")]));
        for number in 0..2_000 {
            annotations.insert(&mut txn, format!("many-{number}"), number as f64);
        }
    }
    let update = doc.transact().encode_state_as_update_v1(&Default::default());
    let mut room = Room::new(5, clock);
    let received = room.restore(&[update]);
    assert!(received.unreadable.is_empty());
    let skipped_annotations = received.skipped.iter().filter(|skipped| skipped.kind == Kind::Annotation).count();
    assert_eq!(skipped_annotations, 2_003);
    assert_eq!(received.skipped.iter().filter(|skipped| skipped.kind == Kind::Theme).count(), 1);
    let huge = received.skipped.iter().find(|skipped| skipped.id == "huge").unwrap();
    assert!(huge.reason.contains("longer than"), "{}", huge.reason);
    // What was good is there.
    assert_eq!(room.records().themes().count(), 2);
    assert_eq!(room.records().coders().len(), 1);
}

#[test]
fn frames_that_are_not_of_the_protocol_are_refused_with_a_reason() {
    let mut room = Room::new(1, clock);
    room.write(&start(AMIRA, "Amira"));
    for frame in [&[0xff_u8, 0xff, 0xff][..], &[0, 1, 200, 1, 2, 3][..], &[0, 2, 5, 1, 2][..], &[][..]] {
        let received = room.receive(frame);
        assert!(received.records.is_none());
        if !frame.is_empty() {
            assert!(!received.unreadable.is_empty(), "{frame:?}");
        }
    }
    assert_eq!(room.records().themes().count(), 2, "the tab's work stays");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No frame, however made, crashes a room or loses what it holds.
    #[test]
    fn any_frame_leaves_the_room_whole(frame in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut room = Room::new(1, clock);
        room.write(&start(AMIRA, "Amira"));
        let _ = room.receive(&frame);
        prop_assert_eq!(room.records().themes().count(), 2);
    }

    /// Frames carrying well-formed updates of random content are read without a crash.
    #[test]
    fn any_update_of_maps_is_read_around(keys in proptest::collection::vec(("[a-z0-9-]{1,12}", any::<i32>(), "[ -~]{0,20}"), 0..30)) {
        let doc = Doc::new();
        {
            let mut txn = doc.transact_mut();
            for (index, (key, number, text)) in keys.iter().enumerate() {
                let root = txn.get_or_insert_map(schema::ROOTS[index % 4].root());
                root.insert(&mut txn, key.as_str(), MapPrelim::from([("start", Any::from(*number as f64)), ("exact", Any::from(text.as_str()))]));
            }
        }
        let update = doc.transact().encode_state_as_update_v1(&Default::default());
        let frame = yrs::updates::encoder::Encode::encode_v1(&yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(update)));
        let mut room = Room::new(1, clock);
        room.write(&start(AMIRA, "Amira"));
        let _ = room.receive(&frame);
        prop_assert_eq!(room.records().themes().count(), 2);
    }
}

#[test]
fn a_highlight_in_the_room_names_its_coder_for_other_tools() {
    let mut room = Room::new(1, clock);
    let mut amira = start(AMIRA, "Amira");
    room.write(&amira);
    let made = run(&mut amira, AMIRA, 10, create(1, (3, 7), &[HOPE]));
    let written = room.write(&made);
    let other = Doc::new();
    {
        let mut txn = other.transact_mut();
        txn.apply_update(yrs::Update::decode_v1(&room.state_as_update()).unwrap()).unwrap();
    }
    let txn = other.transact();
    let annotations = txn.get_map("annotations").unwrap();
    let record = match annotations.get(&txn, &Uuid::from_u128(1).to_string()) {
        Some(yrs::Out::YMap(record)) => record,
        other => panic!("{other:?}"),
    };
    assert_eq!(record.get(&txn, "creator").map(|out| out.to_string(&txn)), Some("Amira".to_owned()));
    assert_eq!(record.get(&txn, "exact").map(|out| out.to_string(&txn)), Some("hope".to_owned()));
    assert!(written.frame.is_some());
}

#[test]
fn a_room_of_a_million_keys_is_read_up_to_the_limit_with_one_word_for_the_rest() {
    let doc = Doc::new();
    {
        let mut txn = doc.transact_mut();
        let annotations = txn.get_or_insert_map("annotations");
        for number in 0..1_000_000 {
            annotations.insert(&mut txn, format!("k{number}"), Any::Number(yrs::Number::Int(number)));
        }
    }
    let update = doc.transact().encode_state_as_update_v1(&Default::default());
    let mut room = Room::new(5, clock);
    room.write(&start(AMIRA, "Amira"));
    let received = room.restore(&[update]);
    let limit = annotator_sync::room::MAX_RECORDS;
    assert_eq!(received.skipped.len(), limit + 1);
    assert!(received.skipped.iter().any(|skipped| skipped.reason.contains("more than")));
    assert_eq!(room.records().themes().count(), 2, "the tab's work stays");
}

#[test]
fn a_theme_the_room_does_not_hold_is_left_off_the_highlight_that_names_it() {
    let mut relay = Relay::new(1);
    relay.write(0, &start(AMIRA, "Amira"));
    let doc = Doc::new();
    {
        let mut txn = doc.transact_mut();
        txn.apply_update(yrs::Update::decode_v1(&relay.rooms[0].state_as_update()).unwrap()).unwrap();
        highlight_as_another_tool_writes_it(
            &mut txn,
            &Uuid::from_u128(9).to_string(),
            &[Uuid::from_u128(0xdead), HOPE.0],
        );
    }
    let update = doc.transact().encode_state_as_update_v1(&Default::default());
    let received = relay.rooms[0].restore(&[update]);
    assert_eq!(received.skipped.len(), 1);
    assert!(received.skipped[0].reason.contains("does not hold"), "{:?}", received.skipped);
    let annotation = relay.rooms[0].records().annotation(AnnotationId(Uuid::from_u128(9))).expect("kept");
    assert_eq!(annotation.theme_ids().collect::<Vec<_>>(), vec![HOPE]);
}

#[test]
fn an_update_claiming_billions_of_clients_is_refused_without_taking_the_memory() {
    // Found by the fuzz target: a sync update whose client count is a huge number.
    let data = [0xf9_u8, 0xff, 0xfe, 0xff, 0x00, 0x21];
    let mut room = Room::new(1, clock);
    room.write(&start(AMIRA, "Amira"));
    let mut frame = vec![0, 2, data.len() as u8];
    frame.extend_from_slice(&data);
    let _ = room.receive(&data);
    let _ = room.receive(&frame);
    assert_eq!(room.records().themes().count(), 2);
}

#[test]
fn a_theme_put_under_another_reaches_every_tab_with_its_parent_in_the_room() {
    let mut relay = Relay::new(2);
    let mut amira = start(AMIRA, "Amira");
    relay.write(0, &amira);
    relay.connect();
    let mut ben = relay.rooms[1].records().clone();
    // Amira puts Fear under Hope; Ben, at the same time, Hope under Fear: a cycle once merged.
    let moved = |project: &mut Project, coder: CoderId, at: i64, theme_id: ThemeId, parent: ThemeId| {
        let command = Command {
            document_id: "speech".into(),
            stamp: Stamp::new(Timestamp(at), coder),
            operation: Operation::SetThemeParent { theme_id, parent: Some(parent) },
        };
        apply(project, command, Origin::Local).expect("applies");
        project.clone()
    };
    let by_amira = moved(&mut amira, AMIRA, 20, FEAR, HOPE);
    let by_ben = moved(&mut ben, BEN, 30, HOPE, FEAR);
    relay.write(0, &by_amira);
    relay.write(1, &by_ben);
    relay.settle();
    // The room as another Yjs client reads it: the parent is the theme's id, as the schema says.
    let doc = Doc::new();
    let update = yrs::Update::decode_v1(&relay.rooms[0].state_as_update()).unwrap();
    doc.transact_mut().apply_update(update).unwrap();
    let txn = doc.transact();
    let themes = txn.get_map("themes").expect("the room has themes");
    let Some(yrs::Out::YMap(fear)) = themes.get(&txn, &FEAR.0.to_string()) else { panic!("Fear is in the room") };
    assert_eq!(fear.get(&txn, "parent").map(|value| value.to_string(&txn)), Some(HOPE.0.to_string()));
    drop(txn);
    for room in &relay.rooms {
        let records = room.records();
        assert_eq!(records.theme(FEAR).unwrap().parent, Some(HOPE));
        assert_eq!(records.theme(HOPE).unwrap().parent, Some(FEAR));
        // Both links are kept; the later one (Ben's) would close the cycle, so every tab reads
        // Fear under Hope and Hope at the top.
        let hierarchy = annotator_core::hierarchy::Hierarchy::of(records);
        assert_eq!((hierarchy.parent(FEAR), hierarchy.parent(HOPE)), (Some(HOPE), None));
    }
}
