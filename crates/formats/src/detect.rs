//! Which format a file a person opened is in, from its name and first characters.

/// The formats this app reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// This app's project file.
    ProjectFile,
    /// W3C Web Annotation JSON-LD.
    W3c,
    /// Hypothesis: its client's export, or its API's search results.
    Hypothesis,
    /// CSV with at least start, end and quote columns.
    Csv,
    /// A REFI-QDA project (a zip).
    RefiProject,
    /// A REFI-QDA codebook (XML).
    RefiCodebook,
}

/// The format of a file, or a message saying why it is none this app reads.
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<Format, String> {
    let name = file_name.to_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || name.ends_with(".qdpx") {
        return Ok(Format::RefiProject);
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with("<?xml") || body.starts_with("<CodeBook") || name.ends_with(".qdc") {
        return Ok(Format::RefiCodebook);
    }
    if body.starts_with('{') || body.starts_with('[') {
        let head: String = body.chars().take(4096).collect();
        let is_hypothesis_export = head.contains("\"export_userid\"") || head.contains("\"client_version\"");
        let is_hypothesis_search = head.contains("\"rows\"") && head.contains("\"total\"");
        let is_api_annotation = head.contains("\"uri\"") && head.contains("\"target\"") && head.contains("\"user\"");
        if is_hypothesis_export || is_hypothesis_search || (is_api_annotation && !head.contains("@context")) {
            return Ok(Format::Hypothesis);
        }
        if head.contains("\"generator\": \"communique-annotator\"")
            || (head.contains("\"version\"") && head.contains("\"annotations\""))
        {
            return Ok(Format::ProjectFile);
        }
        if head.contains("@context") || head.contains("\"Annotation") {
            return Ok(Format::W3c);
        }
        if name.ends_with(".jsonld") {
            return Ok(Format::W3c);
        }
        return Ok(Format::ProjectFile);
    }
    let first_line = body.lines().next().unwrap_or_default().to_lowercase();
    if name.ends_with(".csv") || (first_line.contains("start") && first_line.contains("quote")) {
        return Ok(Format::Csv);
    }
    Err(format!(
        "\"{file_name}\" is not in a format this app reads: a project file (.json), W3C Web Annotations (.jsonld or .json), a Hypothesis export (.json), CSV (.csv) or REFI-QDA (.qdpx, .qdc)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart() {
        let check = |name: &str, text: &str, expected: Result<Format, ()>| {
            assert_eq!(detect(name, text.as_bytes()).map_err(|_| ()), expected, "{name}: {text:?}");
        };
        check("p.json", "{\n  \"version\": 1,\n  \"generator\": \"communique-annotator\"", Ok(Format::ProjectFile));
        check(
            "a.json",
            "{ \"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\" }",
            Ok(Format::W3c),
        );
        check("a.json", "[{ \"type\": \"Annotation\" }]", Ok(Format::W3c));
        check("broken.json", "{\"version\": 1, \"themes\": [", Ok(Format::ProjectFile));
        check("x.csv", "\u{feff}annotation id,start,end,quote\n", Ok(Format::Csv));
        check("export.txt", "start,end,quote\n1,2,a", Ok(Format::Csv));
        check("notes.txt", "just some words", Err(()));
        check("p.qdpx", "PK\u{3}\u{4}rest", Ok(Format::RefiProject));
        check("c.qdc", "<?xml version=\"1.0\"?><CodeBook", Ok(Format::RefiCodebook));
        check("empty.json", "", Err(()));
        check(
            "hypothesis-export.json",
            "{\"export_date\": \"2021-07-03T00:00:00.000Z\", \"export_userid\": \"acct:a@hypothes.is\", \"client_version\": \"1.1\", \"annotations\": []}",
            Ok(Format::Hypothesis),
        );
        check("search.json", "{\"total\": 1, \"rows\": [{\"id\": \"x\"}]}", Ok(Format::Hypothesis));
        check(
            "list.json",
            "[{\"id\": \"x\", \"user\": \"acct:a@hypothes.is\", \"uri\": \"https://e.org\", \"target\": []}]",
            Ok(Format::Hypothesis),
        );
    }
}
