//! The renewal policy: validity and the renewal window, always in Asia/Tokyo.
//!
//! Japan has no daylight saving time, so a fixed +09:00 offset is exact. The
//! guide's calculator implements the same rules in JavaScript; both are tested
//! against `tests/data/renewal-vectors.json`.

use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Months before the last day of validity when renewal opens.
pub const RENEWAL_WINDOW_MONTHS: u32 = 3;
/// Lifetime of a certificate as the procedure states it (3 years from issuance).
pub const LIFETIME_MONTHS: u32 = 36;

/// Asia/Tokyo: UTC+9 all year.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// An instant as Japan time, to the second: `2027-01-31 23:59:59 JST`.
pub fn jst_text(t: DateTime<Utc>) -> String {
    t.with_timezone(&jst())
        .format("%Y-%m-%d %H:%M:%S JST")
        .to_string()
}

/// The JST calendar date of an instant.
pub fn jst_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&jst()).date_naive()
}

/// 00:00 JST on `date`, as UTC.
pub fn jst_midnight(date: NaiveDate) -> DateTime<Utc> {
    // Saturates at chrono's range ends instead of panicking on extreme dates.
    jst()
        .from_local_datetime(&date.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(if date.year() < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

/// The last day of validity: the JST date of notAfter.
pub fn last_day(not_after: DateTime<Utc>) -> NaiveDate {
    jst_date(not_after)
}

/// The first day renewal is possible: `last_day` minus three calendar months,
/// clamped to the end of a shorter month (2028-05-31 -> 2028-02-29).
pub fn renewal_opens(last_day: NaiveDate) -> NaiveDate {
    // chrono clamps to the month's last day, which is the rule we want.
    last_day
        .checked_sub_months(Months::new(RENEWAL_WINDOW_MONTHS))
        .unwrap_or(NaiveDate::MIN)
}

/// An estimate of the last day from the issue date (3 years, minus one day).
/// The certificate itself is authoritative; the guide says so.
pub fn estimated_last_day_from_issue(issue_date: NaiveDate) -> NaiveDate {
    issue_date
        .checked_add_months(Months::new(LIFETIME_MONTHS))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// Where a certificate stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Before notBefore: normal right after a renewal; keep the old certificate until then.
    NotYetValid,
    /// Valid, renewal not yet open.
    Valid,
    /// Valid, and renewal is open: apply now.
    RenewalOpen,
    /// After notAfter.
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotYetValid => "not_yet_valid",
            Status::Valid => "valid",
            Status::RenewalOpen => "renewal_open",
            Status::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "not_yet_valid" => Status::NotYetValid,
            "valid" => Status::Valid,
            "renewal_open" => Status::RenewalOpen,
            "expired" => Status::Expired,
            _ => return None,
        })
    }
}

/// The validity of one certificate at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validity {
    pub status: Status,
    pub last_day: NaiveDate,
    pub renewal_opens: NaiveDate,
    /// Days from the JST date of the moment to `last_day` (negative once expired).
    pub days_left: i64,
    /// The JST date notBefore falls on (not part of the stable contract's minimum).
    pub first_day: NaiveDate,
}

/// Evaluates a validity period at `at`.
pub fn evaluate(
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Validity {
    let last = last_day(not_after);
    let opens = renewal_opens(last);
    let status = if at < not_before {
        Status::NotYetValid
    } else if at > not_after {
        Status::Expired
    } else if at >= jst_midnight(opens) {
        Status::RenewalOpen
    } else {
        Status::Valid
    };
    Validity {
        status,
        last_day: last,
        renewal_opens: opens,
        days_left: days_between(jst_date(at), last),
        first_day: jst_date(not_before),
    }
}

/// The same rules at whole-day granularity, as the guide's calculator sees them:
/// valid from 00:00 JST on `first_day` (if known) to the end of `last_day`.
pub fn evaluate_by_date(
    first_day: Option<NaiveDate>,
    last_day: NaiveDate,
    on: NaiveDate,
) -> Validity {
    let not_before = first_day
        .map(jst_midnight)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let not_after = last_day
        .succ_opt()
        .map(|next| jst_midnight(next) - chrono::Duration::seconds(1))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let mut v = evaluate(not_before, not_after, jst_midnight(on));
    v.first_day = first_day.unwrap_or(v.first_day);
    v
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// Parses `--at`: RFC 3339, or a plain date meaning 00:00 JST that day.
pub fn parse_at(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(jst_midnight)
}

/// Parses a plain `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn month_end_clamps() {
        assert_eq!(renewal_opens(d("2028-05-31")), d("2028-02-29"));
        assert_eq!(renewal_opens(d("2027-05-31")), d("2027-02-28"));
        assert_eq!(renewal_opens(d("2027-11-30")), d("2027-08-30"));
        assert_eq!(renewal_opens(d("2027-03-31")), d("2026-12-31"));
        assert_eq!(renewal_opens(d("2028-02-29")), d("2027-11-29"));
    }

    #[test]
    fn jst_day_boundary_whatever_the_local_zone() {
        // 2028-05-31T15:00Z is 2028-06-01 00:00 JST.
        let na = DateTime::parse_from_rfc3339("2028-05-31T14:59:59Z")
            .unwrap()
            .to_utc();
        assert_eq!(last_day(na), d("2028-05-31"));
        let na2 = DateTime::parse_from_rfc3339("2028-05-31T15:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(last_day(na2), d("2028-06-01"));
        // A date for --at means 00:00 JST, i.e. 15:00 UTC the day before.
        assert_eq!(
            parse_at("2028-02-29").unwrap().to_rfc3339(),
            "2028-02-28T15:00:00+00:00"
        );
    }

    #[test]
    fn statuses_at_the_edges() {
        let nb = parse_at("2025-06-01").unwrap();
        let na = DateTime::parse_from_rfc3339("2028-05-31T14:59:59Z")
            .unwrap()
            .to_utc();
        let at = |s: &str| evaluate(nb, na, parse_at(s).unwrap());
        assert_eq!(at("2025-05-31T23:59:59+09:00").status, Status::NotYetValid);
        assert_eq!(at("2025-06-01").status, Status::Valid);
        assert_eq!(at("2028-02-28T23:59:59+09:00").status, Status::Valid);
        assert_eq!(at("2028-02-29").status, Status::RenewalOpen);
        assert_eq!(at("2028-05-31T23:59:59+09:00").status, Status::RenewalOpen);
        assert_eq!(at("2028-06-01").status, Status::Expired);
        assert_eq!(at("2028-05-31").days_left, 0);
        assert_eq!(at("2028-06-01").days_left, -1);
        assert_eq!(at("2028-02-29").days_left, 92);
    }
}
