//! Checks a JSON value against the W3C Web Annotation data model, so that a malformed file is
//! refused with a message that names the problem, before anything of it is read.

use serde_json::{Map, Value};

/// The JSON-LD context every Web Annotation document names.
pub const ANNOTATION_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Whether a JSON-LD `@context` value is (or includes) the Web Annotation context.
pub fn has_annotation_context(context: Option<&Value>) -> Result<(), String> {
    match context {
        None => Err("it has no \"@context\" (a Web Annotation names http://www.w3.org/ns/anno.jsonld)".into()),
        Some(Value::String(context)) if context == ANNOTATION_CONTEXT => Ok(()),
        Some(Value::Array(contexts)) if contexts.iter().any(|context| context.as_str() == Some(ANNOTATION_CONTEXT)) => {
            Ok(())
        }
        Some(other) => Err(format!("its \"@context\" {other} is not the Web Annotation context {ANNOTATION_CONTEXT}")),
    }
}

/// Checks one annotation. `context_inherited` is true inside a collection or page that named the
/// context already.
pub fn check_annotation(value: &Value, context_inherited: bool) -> Result<(), String> {
    let Some(fields) = value.as_object() else {
        return Err(format!("an annotation must be a JSON object, not {}", kind_of(value)));
    };
    if !context_inherited {
        has_annotation_context(fields.get("@context"))?;
    }
    match fields.get("id") {
        None => return Err("it has no \"id\"".into()),
        Some(id) => single_iri(id).map_err(|problem| format!("its \"id\" {problem}"))?,
    }
    match fields.get("type") {
        None => return Err("it has no \"type\" (it must be \"Annotation\")".into()),
        Some(kind) if has_type(kind, "Annotation") => {}
        Some(kind) => return Err(format!("its \"type\" is {kind}, not \"Annotation\"")),
    }
    let target = fields.get("target").ok_or("it has no \"target\"")?;
    check_target(target).map_err(|problem| format!("its target {problem}"))?;
    if fields.contains_key("body") && fields.contains_key("bodyValue") {
        return Err("it has both \"body\" and \"bodyValue\"; it may have only one".into());
    }
    if let Some(body_value) = fields.get("bodyValue") {
        if !body_value.is_string() {
            return Err(format!("its \"bodyValue\" must be one string, not {}", kind_of(body_value)));
        }
    }
    if let Some(body) = fields.get("body") {
        each(body, check_body).map_err(|problem| format!("its body {problem}"))?;
    }
    for agent in ["creator", "generator"] {
        if let Some(value) = fields.get(agent) {
            each(value, check_agent).map_err(|problem| format!("its \"{agent}\" {problem}"))?;
        }
    }
    for time in ["created", "modified", "generated"] {
        if let Some(value) = fields.get(time) {
            check_time(value).map_err(|problem| format!("its \"{time}\" {problem}"))?;
        }
    }
    for link in ["rights", "via"] {
        if let Some(value) = fields.get(link) {
            each(value, single_iri).map_err(|problem| format!("its \"{link}\" {problem}"))?;
        }
    }
    if let Some(canonical) = fields.get("canonical") {
        single_iri(canonical).map_err(|problem| format!("its \"canonical\" {problem}"))?;
    }
    Ok(())
}

/// Whether a `type` value is, or includes, `wanted`.
pub fn has_type(kind: &Value, wanted: &str) -> bool {
    match kind {
        Value::String(kind) => kind == wanted,
        Value::Array(kinds) => kinds.iter().any(|kind| kind.as_str() == Some(wanted)),
        _ => false,
    }
}

/// Whether a string is an absolute IRI: a scheme, a colon, and no white space.
pub fn is_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else { return false };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    scheme_ok && !rest.is_empty() && !text.chars().any(char::is_whitespace)
}

fn single_iri(value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) if is_iri(text) => Ok(()),
        Value::String(text) => Err(format!("\"{text}\" is not an IRI")),
        Value::Array(_) => Err("must be one IRI, not a list".into()),
        other => Err(format!("must be an IRI, not {}", kind_of(other))),
    }
}

/// Applies `check` to a value or to each value of a list.
fn each(value: &Value, check: fn(&Value) -> Result<(), String>) -> Result<(), String> {
    match value {
        Value::Array(values) => values.iter().try_for_each(check),
        single => check(single),
    }
}

fn single_string(fields: &Map<String, Value>, name: &str) -> Result<(), String> {
    match fields.get(name) {
        None | Some(Value::String(_)) => Ok(()),
        Some(other) => Err(format!("has a \"{name}\" that must be one string, not {}", kind_of(other))),
    }
}

fn strings(fields: &Map<String, Value>, name: &str) -> Result<(), String> {
    match fields.get(name) {
        None | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(values)) if values.iter().all(Value::is_string) => Ok(()),
        Some(other) => Err(format!("has a \"{name}\" that must be text, not {}", kind_of(other))),
    }
}

const COMPOSITES: [&str; 4] = ["Choice", "Composite", "List", "Independents"];

fn composite_count(kind: Option<&Value>) -> usize {
    kind.map_or(0, |kind| COMPOSITES.iter().filter(|composite| has_type(kind, composite)).count())
}

fn check_resource_fields(fields: &Map<String, Value>) -> Result<(), String> {
    if let Some(id) = fields.get("id") {
        single_iri(id).map_err(|problem| format!("has an \"id\" that {problem}"))?;
    }
    strings(fields, "format")?;
    strings(fields, "language")?;
    single_string(fields, "processingLanguage")?;
    if let Some(direction) = fields.get("textDirection") {
        if !matches!(direction.as_str(), Some("ltr" | "rtl" | "auto")) {
            return Err(format!("has a \"textDirection\" {direction}; it must be \"ltr\", \"rtl\" or \"auto\""));
        }
    }
    match composite_count(fields.get("type")) {
        0 if fields.contains_key("items") => {
            return Err(
                "has \"items\" but no type saying how to take them (Choice, Composite, List or Independents)".into()
            )
        }
        0 => {}
        1 => match fields.get("items") {
            Some(Value::Array(items)) => items.iter().try_for_each(check_body)?,
            _ => return Err("is a Choice, Composite, List or Independents without \"items\"".into()),
        },
        _ => return Err("has more than one of the types Choice, Composite, List and Independents".into()),
    }
    if let Some(selector) = fields.get("selector") {
        each(selector, check_selector)?;
    }
    if fields.get("type").is_some_and(|kind| has_type(kind, "SpecificResource")) && !fields.contains_key("source") {
        return Err("is a SpecificResource without a \"source\"".into());
    }
    Ok(())
}

fn check_body(value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) if is_iri(text) => Ok(()),
        Value::String(text) => Err(format!("\"{text}\" is not an IRI (text belongs in a TextualBody's \"value\")")),
        Value::Object(fields) => {
            if fields.get("type").is_some_and(|kind| has_type(kind, "TextualBody")) {
                match fields.get("value") {
                    Some(Value::String(_)) => {}
                    None => return Err("is a TextualBody without a \"value\"".into()),
                    Some(other) => {
                        return Err(format!(
                            "is a TextualBody whose \"value\" must be one string, not {}",
                            kind_of(other)
                        ))
                    }
                }
            }
            check_resource_fields(fields)
        }
        other => Err(format!("must be an IRI or an object, not {}", kind_of(other))),
    }
}

fn check_target(value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) if is_iri(text) => Ok(()),
        Value::String(text) => Err(format!("\"{text}\" is not an IRI")),
        Value::Array(targets) if !targets.is_empty() => targets.iter().try_for_each(check_target),
        Value::Object(fields) => check_resource_fields(fields),
        other => Err(format!("must be an IRI or a resource object, not {}", kind_of(other))),
    }
}

fn check_selector(value: &Value) -> Result<(), String> {
    let fields = match value {
        Value::String(text) if is_iri(text) => return Ok(()),
        Value::Object(fields) => fields,
        other => return Err(format!("has a selector that must be an IRI or an object, not {}", kind_of(other))),
    };
    let kind = fields.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "FragmentSelector" | "CssSelector" | "XPathSelector" | "SvgSelector" => match fields.get("value") {
            Some(Value::String(_)) => {}
            Some(Value::Array(_)) => return Err(format!("has a {kind} with more than one \"value\"")),
            None if kind == "SvgSelector" && fields.contains_key("id") => {}
            _ => return Err(format!("has a {kind} without a \"value\"")),
        },
        "TextQuoteSelector" => match fields.get("exact") {
            Some(Value::String(_)) => {}
            _ => return Err("has a TextQuoteSelector without one \"exact\" string".into()),
        },
        "TextPositionSelector" | "DataPositionSelector" => {
            let start = fields.get("start").and_then(Value::as_u64);
            let end = fields.get("end").and_then(Value::as_u64);
            match (start, end) {
                (Some(start), Some(end)) if start <= end => {}
                _ => {
                    return Err(format!(
                        "has a {kind} whose \"start\" and \"end\" are not whole numbers with start ≤ end"
                    ))
                }
            }
        }
        _ => {}
    }
    if let Some(conforms_to) = fields.get("conformsTo") {
        single_iri(conforms_to).map_err(|problem| format!("has a \"conformsTo\" that {problem}"))?;
    }
    if let Some(refined) = fields.get("refinedBy") {
        each(refined, check_selector)?;
    }
    Ok(())
}

fn check_agent(value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) if is_iri(text) => Ok(()),
        Value::String(text) => Err(format!("\"{text}\" is not an IRI")),
        Value::Object(fields) => {
            if let Some(id) = fields.get("id") {
                single_iri(id)?;
            }
            Ok(())
        }
        other => Err(format!("must be an IRI or an agent object, not {}", kind_of(other))),
    }
}

fn check_time(value: &Value) -> Result<(), String> {
    match value {
        Value::String(text) => crate::time::parse(text).map(|_| ()),
        Value::Array(_) => Err("must be one date and time, not a list".into()),
        other => Err(format!("must be a date and time, not {}", kind_of(other))),
    }
}

/// How a JSON value is called in a message.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
