//! How a project's records sit in a room: one Yjs document that this app and any other Yjs
//! client read and write.
//!
//! Five root maps. `"annotations"`, `"themes"`, `"coders"` and `"documents"` map a record's id
//! to a `Y.Map` of the fields the project file gives it (see `annotator_formats::project_file`);
//! `"settings"` holds the project's settings (`blind`, `edited`). An annotation's themes are a
//! nested `Y.Map` `theme_ids` (theme id → `true`, or `false` once taken off), so that two coders
//! adding themes at once both keep theirs, with who added each and when in `coded` (theme id →
//! `{by, at}`); who last wrote a part of a record and when is in `edited` (part → `{at, by}`),
//! as in the project file. A record is created once, in one transaction, by whoever makes it;
//! after that each field is written alone, and only when its value changes; keys are never
//! deleted (a field that is no longer there is written `null`, a record that is deleted keeps
//! its fields and gets `deleted`), so no edit made at the same time as another is lost.
//!
//! Reading goes the other way, through the project file's reader, so a room's records are
//! checked as a file's are; a record that fails is skipped and counted, never the whole room.

use annotator_core::{Document, Project};
use annotator_formats::project_file;
use serde_json::{Map, Value};
use std::rc::Rc;
use yrs::types::ToJson;
use yrs::{Any, Map as _, MapPrelim, MapRef, Out, ReadTxn, TransactionMut, WriteTxn};

/// The root map of each kind of record, in the order they are read (documents first: the
/// others refer to them).
pub const ROOTS: [Kind; 4] = [Kind::Document, Kind::Coder, Kind::Theme, Kind::Annotation];

/// The root map of the project's settings.
pub const SETTINGS: &str = "settings";

/// The longest string a field of a coder, theme or annotation may hold in a room (a document's
/// text may be longer): past it, the record is skipped, so that a hostile room cannot make
/// every tab hold megabytes per highlight.
pub const MAX_FIELD_CHARS: usize = 100_000;

/// A kind of record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A document.
    Document,
    /// A coder.
    Coder,
    /// A theme.
    Theme,
    /// An annotation (a highlight).
    Annotation,
}

impl Kind {
    /// The root map's name, which is also the project file's list of this kind.
    pub fn root(self) -> &'static str {
        match self {
            Kind::Document => "documents",
            Kind::Coder => "coders",
            Kind::Theme => "themes",
            Kind::Annotation => "annotations",
        }
    }

    /// A record of this kind, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Coder => "coder",
            Kind::Theme => "theme",
            Kind::Annotation => "highlight",
        }
    }

    /// The fields this app writes as plain values: one it no longer has is written `null`.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Document => &["title", "source", "fingerprint", "blocks"],
            Kind::Coder => &["name", "colour", "modified"],
            Kind::Theme => {
                &["name", "colour", "description", "rank", "parent", "coder", "created", "modified", "deleted"]
            }
            Kind::Annotation => &[
                "document", "start", "end", "exact", "prefix", "suffix", "orphan", "note", "coder", "creator",
                "created", "modified", "deleted",
            ],
        }
    }

    /// The fields held as nested maps, so that their entries merge one by one.
    fn nested(self) -> &'static [&'static str] {
        match self {
            Kind::Document | Kind::Coder => &[],
            Kind::Theme => &["edited"],
            Kind::Annotation => &["theme_ids", "coded", "edited"],
        }
    }
}

/// A field's value in a room: a plain value, or a nested map of plain values.
enum RoomValue {
    Plain(Any),
    Nested(Vec<(String, Any)>),
}

/// Writes records into a room, field by field, where the room's value differs: `records` as the
/// project file writes them, with each annotation's coder's name (`creator`, for other tools)
/// from `name_of`.
pub fn write(txn: &mut TransactionMut, records: &Project, name_of: impl Fn(&str) -> Option<String>) {
    let Ok(Value::Object(mut file)) = serde_json::from_str::<Value>(&project_file::write_records(records)) else {
        return;
    };
    for kind in ROOTS {
        let root = txn.get_or_insert_map(kind.root());
        let Some(Value::Array(list)) = file.remove(kind.root()) else { continue };
        for record in list {
            let Value::Object(mut record) = record else { continue };
            let Some(Value::String(id)) = record.remove("id") else { continue };
            if kind == Kind::Annotation {
                if let Some(name) = record.get("coder").and_then(Value::as_str).and_then(&name_of) {
                    record.insert("creator".into(), Value::String(name));
                }
            }
            write_record(txn, &root, &id, room_fields(kind, record));
        }
    }
    if let Some(Value::Object(settings)) = file.remove(SETTINGS) {
        let root = txn.get_or_insert_map(SETTINGS);
        for (key, value) in settings {
            write_plain(txn, &root, &key, any_of(value));
        }
    }
}

/// A record's fields as the room holds them: codings become `theme_ids` and `coded`.
fn room_fields(kind: Kind, mut record: Map<String, Value>) -> Vec<(String, RoomValue)> {
    let mut fields = Vec::new();
    if kind == Kind::Annotation {
        let codings = match record.remove("codings") {
            Some(Value::Array(codings)) => codings,
            _ => Vec::new(),
        };
        let mut theme_ids = Vec::new();
        let mut coded = Vec::new();
        for coding in codings {
            let Value::Object(mut coding) = coding else { continue };
            let Some(Value::String(theme)) = coding.remove("theme") else { continue };
            let removed = coding.remove("removed").and_then(|removed| removed.as_bool()).unwrap_or(false);
            theme_ids.push((theme.clone(), Any::Bool(!removed)));
            coded.push((theme, any_of(Value::Object(coding))));
        }
        fields.push(("theme_ids".to_owned(), RoomValue::Nested(theme_ids)));
        fields.push(("coded".to_owned(), RoomValue::Nested(coded)));
    }
    if kind.nested().contains(&"edited") {
        let edited = match record.remove("edited") {
            Some(Value::Object(edited)) => edited.into_iter().map(|(part, stamp)| (part, any_of(stamp))).collect(),
            _ => Vec::new(),
        };
        fields.push(("edited".to_owned(), RoomValue::Nested(edited)));
    }
    for key in kind.fields() {
        let value = record.remove(*key).map_or(Any::Null, any_of);
        fields.push(((*key).to_owned(), RoomValue::Plain(value)));
    }
    fields
}

fn write_record(txn: &mut TransactionMut, root: &MapRef, id: &str, fields: Vec<(String, RoomValue)>) {
    let existing = match root.get(txn, id) {
        Some(Out::YMap(map)) => Some(map),
        _ => None,
    };
    let Some(map) = existing else {
        // Made once, whole, in this transaction (two clients making the same nested map at once
        // would keep only one of them).
        let prelim: MapPrelim = fields
            .into_iter()
            .filter(|(_, value)| !matches!(value, RoomValue::Plain(Any::Null)))
            .map(|(key, value)| {
                let value: yrs::In = match value {
                    RoomValue::Plain(any) => any.into(),
                    RoomValue::Nested(entries) => yrs::In::Map(entries.into_iter().collect()),
                };
                (key, value)
            })
            .collect();
        root.insert(txn, id, prelim);
        return;
    };
    for (key, value) in fields {
        match value {
            RoomValue::Plain(any) => write_plain(txn, &map, &key, any),
            RoomValue::Nested(entries) => {
                let nested = match map.get(txn, &key) {
                    Some(Out::YMap(nested)) => nested,
                    // A record another tool made without it.
                    _ if entries.is_empty() => continue,
                    _ => map.insert(txn, key.as_str(), MapPrelim::default()),
                };
                for (entry, any) in entries {
                    write_plain(txn, &nested, &entry, any);
                }
            }
        }
    }
}

/// Writes one plain value where the room holds another (a missing key and `null` are the same).
fn write_plain(txn: &mut TransactionMut, map: &MapRef, key: &str, value: Any) {
    let held = match map.get(txn, key) {
        Some(Out::Any(any)) => any,
        None => Any::Null,
        Some(_) => Any::Undefined,
    };
    if !same(&held, &value) {
        map.insert(txn, key, value);
    }
}

/// Whether two plain values are the same, numbers compared by value (JavaScript clients write
/// whole numbers as floats or integers).
fn same(a: &Any, b: &Any) -> bool {
    match (a, b) {
        (Any::Null | Any::Undefined, Any::Null | Any::Undefined) => true,
        (Any::Number(_), Any::Number(_)) => number(a) == number(b),
        _ => a == b,
    }
}

fn number(any: &Any) -> Option<f64> {
    serde_json::to_value(any).ok().and_then(|value| value.as_f64())
}

fn any_of(value: Value) -> Any {
    serde_json::from_value(value).unwrap_or(Any::Null)
}

/// Why a record of a room was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Its kind.
    pub kind: Kind,
    /// Its id (as the room has it, cut short).
    pub id: String,
    /// Why, in words a person can act on.
    pub reason: String,
}

/// The records of a room named by `ids` (by kind), read as a project file's records are, onto
/// the documents of `known` or of the room: the records read, and those skipped with why.
pub fn read<T: ReadTxn>(
    txn: &T,
    ids: &[(Kind, String)],
    settings: bool,
    known: &[Rc<Document>],
) -> (Project, Vec<Skipped>) {
    let mut skipped = Vec::new();
    let mut documents: Vec<Rc<Document>> = Vec::new();
    let mut lists: Vec<(Kind, Vec<(String, Value)>)> = Vec::new();
    for kind in ROOTS {
        let Some(root) = txn.get_map(kind.root()) else { continue };
        let mut list = Vec::new();
        for (_, id) in ids.iter().filter(|(of, _)| *of == kind) {
            match record_value(txn, &root, kind, id) {
                Ok(Some(value)) => list.push((id.clone(), value)),
                Ok(None) => {}
                Err(reason) => skipped.push(Skipped { kind, id: short(id), reason }),
            }
        }
        if kind == Kind::Document {
            for (id, value) in list {
                match read_alone(kind, vec![value], known).map(|project| project.documents().to_vec()) {
                    Ok(read) => documents.extend(read),
                    Err(reason) => skipped.push(Skipped { kind, id: short(&id), reason }),
                }
            }
        } else {
            lists.push((kind, list));
        }
    }
    let known: Vec<Rc<Document>> = known.iter().chain(&documents).cloned().collect();
    let mut coders = Vec::new();
    let mut themes = Vec::new();
    let mut annotations = Vec::new();
    for (kind, list) in lists {
        // All of a kind at once; only when that fails, one by one, to skip the bad ones.
        let values: Vec<Value> = list.iter().map(|(_, value)| value.clone()).collect();
        let read = match read_alone(kind, values, &known) {
            Ok(project) => vec![project],
            Err(_) => list
                .into_iter()
                .filter_map(|(id, value)| match read_alone(kind, vec![value], &known) {
                    Ok(project) => Some(project),
                    Err(reason) => {
                        skipped.push(Skipped { kind, id: short(&id), reason });
                        None
                    }
                })
                .collect(),
        };
        for project in read {
            coders.extend(project.coders().iter().cloned());
            themes.extend(project.all_themes().iter().cloned());
            annotations.extend(project.all_annotations().cloned());
        }
    }
    let mut used: Vec<Rc<Document>> = documents;
    for annotation in &annotations {
        if !used.iter().any(|document| document.id() == annotation.document_id) {
            if let Some(document) = known.iter().find(|document| document.id() == annotation.document_id) {
                used.push(document.clone());
            }
        }
    }
    let mut project = Project::from_parts(used, coders, themes, annotations);
    if settings {
        match read_settings(txn) {
            Ok(Some(read)) => project = project.with_settings(read),
            Ok(None) => {}
            Err(reason) => skipped.push(Skipped { kind: Kind::Coder, id: SETTINGS.into(), reason }),
        }
    }
    (project, skipped)
}

fn short(id: &str) -> String {
    id.chars().take(40).collect()
}

/// One record as the project file's JSON object, or why it cannot be one (`None`: not there).
fn record_value<T: ReadTxn>(txn: &T, root: &MapRef, kind: Kind, id: &str) -> Result<Option<Value>, String> {
    let map = match root.get(txn, id) {
        None => return Ok(None),
        Some(Out::YMap(map)) => map,
        Some(_) => return Err(format!("the {} is not a map of fields", kind.noun())),
    };
    let Value::Object(mut fields) = serde_json::to_value(map.to_json(txn)).map_err(|error| error.to_string())? else {
        return Err(format!("the {} is not a map of fields", kind.noun()));
    };
    // A field written `null` is a field that is not there.
    fields.retain(|_, value| !value.is_null());
    if kind != Kind::Document && longest_string(&Value::Object(fields.clone())) > MAX_FIELD_CHARS {
        return Err(format!("a field is longer than {MAX_FIELD_CHARS} characters"));
    }
    for value in fields.values_mut() {
        whole_numbers(value);
    }
    fields.insert("id".into(), Value::String(id.to_owned()));
    if kind == Kind::Annotation {
        fields.remove("creator");
        let theme_ids = match fields.remove("theme_ids") {
            Some(Value::Object(theme_ids)) => theme_ids,
            _ => Map::new(),
        };
        let mut coded = match fields.remove("coded") {
            Some(Value::Object(coded)) => coded,
            _ => Map::new(),
        };
        // A coding another tool wrote without saying who and when: the highlight's coder, at
        // its last change.
        let by = fields.get("coder").cloned().unwrap_or(Value::Null);
        let at = fields.get("modified").or_else(|| fields.get("created")).cloned().unwrap_or(Value::Null);
        let codings: Vec<Value> = theme_ids
            .into_iter()
            .filter_map(|(theme, applied)| {
                let applied = applied.as_bool()?;
                let mut coding = match coded.remove(&theme) {
                    Some(Value::Object(stamp)) => stamp,
                    _ => Map::from_iter([("by".to_owned(), by.clone()), ("at".to_owned(), at.clone())]),
                };
                coding.insert("theme".into(), Value::String(theme));
                if !applied {
                    coding.insert("removed".into(), Value::Bool(true));
                }
                Some(Value::Object(coding))
            })
            .collect();
        fields.insert("codings".into(), Value::Array(codings));
    }
    Ok(Some(Value::Object(fields)))
}

/// Turns floats that are whole numbers into integers, as the project file holds offsets.
fn whole_numbers(value: &mut Value) {
    match value {
        Value::Number(number) if number.is_f64() => {
            if let Some(float) = number.as_f64() {
                if float.fract() == 0.0 && float.abs() < 9e15 {
                    *value = Value::from(float as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

fn longest_string(value: &Value) -> usize {
    match value {
        Value::String(text) => text.len(),
        Value::Array(items) => items.iter().map(longest_string).max().unwrap_or(0),
        Value::Object(fields) => {
            fields.iter().map(|(key, value)| key.len().max(longest_string(value))).max().unwrap_or(0)
        }
        _ => 0,
    }
}

/// Records of one kind read through the project file's reader, or why they cannot be.
fn read_alone(kind: Kind, values: Vec<Value>, known: &[Rc<Document>]) -> Result<Project, String> {
    let mut file = Map::new();
    file.insert("version".into(), Value::from(project_file::VERSION));
    for list in ROOTS {
        file.insert(list.root().into(), Value::Array(Vec::new()));
    }
    file.insert(kind.root().into(), Value::Array(values));
    let text = Value::Object(file).to_string();
    project_file::read_records(&text, known).map(|(project, _)| project).map_err(|error| error.to_string())
}

fn read_settings<T: ReadTxn>(txn: &T) -> Result<Option<annotator_core::settings::Settings>, String> {
    let Some(root) = txn.get_map(SETTINGS) else { return Ok(None) };
    let Value::Object(mut fields) = serde_json::to_value(root.to_json(txn)).map_err(|error| error.to_string())? else {
        return Err("the settings are not a map".into());
    };
    fields.retain(|_, value| !value.is_null());
    if fields.is_empty() {
        return Ok(None);
    }
    let file = serde_json::json!({ "version": project_file::VERSION, "documents": [], "coders": [], "themes": [],
        "annotations": [], "settings": fields });
    project_file::read_records(&file.to_string(), &[])
        .map(|(project, _)| Some(*project.settings()))
        .map_err(|error| format!("the settings: {error}"))
}
