//! Times in files are RFC 3339 strings in UTC with milliseconds, as the W3C model writes them.

use annotator_core::Timestamp;
use chrono::{DateTime, SecondsFormat, Utc};

/// `Timestamp(0)` becomes `1970-01-01T00:00:00.000Z`.
pub(crate) fn format(timestamp: Timestamp) -> String {
    DateTime::<Utc>::from_timestamp_millis(timestamp.0).unwrap_or_default().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads an RFC 3339 time; the error says which text was not one.
pub(crate) fn parse(text: &str) -> Result<Timestamp, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| Timestamp(time.timestamp_millis()))
        .map_err(|_| format!("\"{text}\" is not a date and time like 2021-06-28T12:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_and_bad_ones_are_named() {
        let check = |millis: i64, text: &str| {
            assert_eq!(format(Timestamp(millis)), text);
            assert_eq!(parse(text), Ok(Timestamp(millis)));
        };
        check(0, "1970-01-01T00:00:00.000Z");
        check(1_624_881_600_123, "2021-06-28T12:00:00.123Z");
        assert_eq!(parse("2021-06-28T14:00:00+02:00"), Ok(Timestamp(1_624_881_600_000)));
        assert!(parse("yesterday").unwrap_err().contains("\"yesterday\""));
    }
}
