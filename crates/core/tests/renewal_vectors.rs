//! The shared renewal vectors (also used by the guide's calculator tests).

use certcheck_core::policy::{self, parse_date};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/renewal-vectors.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("vectors file"))
        .expect("vectors JSON")
}

fn date(v: &Value, key: &str) -> chrono::NaiveDate {
    parse_date(
        v[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} missing in {v}")),
    )
    .expect("a date")
}

#[test]
fn renewal_window_vectors() {
    let all = vectors();
    let rows = all["window"].as_array().unwrap();
    assert!(rows.len() >= 10);
    for v in rows {
        assert_eq!(
            policy::renewal_opens(date(v, "last_day")),
            date(v, "renewal_opens"),
            "{v}"
        );
    }
}

#[test]
fn status_vectors() {
    let all = vectors();
    for v in all["status"].as_array().unwrap() {
        let first = v
            .get("first_day")
            .and_then(Value::as_str)
            .and_then(parse_date);
        let got = policy::evaluate_by_date(first, date(v, "last_day"), date(v, "on"));
        assert_eq!(got.status.as_str(), v["status"].as_str().unwrap(), "{v}");
        assert_eq!(got.days_left, v["days_left"].as_i64().unwrap(), "{v}");
        assert_eq!(got.renewal_opens, date(v, "renewal_opens"), "{v}");
    }
}

#[test]
fn issue_date_vectors() {
    let all = vectors();
    for v in all["issue"].as_array().unwrap() {
        assert_eq!(
            policy::estimated_last_day_from_issue(date(v, "issue_date")),
            date(v, "last_day"),
            "{v}"
        );
    }
}
