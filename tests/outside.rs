//! Where certcheck's files meet the programs people open them with (issue
//! 22): the offices' CSV in LibreOffice Calc, the calendar in ical.js and
//! python icalendar, the Markdown report in markdown-it with linkify, the
//! HTML report as written, and a forged report's memory in `report view`.
//! Each outside program is a loud SKIP when missing, and a failure under
//! CERTCHECK_CI=1 (.ci/run installs Calc; `cargo xtask test` runs npm ci in
//! tests/parsers).

use crate::support;
use crate::trust_boundary::{CN, ORG, p12_with, padded, replace_same_length, write_temp};

use std::path::{Path, PathBuf};
use std::process::Command;

use certcheck_testkit::outside;
use certcheck_testkit::pkcs12::Layout;
use support::*;

/// A copy of the sample with its common name (and organisation) replaced.
fn forged(dir: &Path, file: &str, cn: &[u8], org: Option<&[u8]>) -> PathBuf {
    let bytes = p12_with(
        |c| {
            replace_same_length(c, CN.as_bytes(), cn);
            if let Some(org) = org {
                replace_same_length(c, ORG.as_bytes(), org);
            }
        },
        Layout::AES256,
        1,
    );
    write_temp(dir, file, &bytes)
}

/// `text` padded with spaces to the common name's length.
fn cn_of(text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    assert!(b.len() <= CN.len(), "{text}");
    b.resize(CN.len(), b' ');
    b
}

fn run_doctor(files: &[&Path], extra: &[&str]) -> Run {
    let mut args = vec!["doctor"];
    args.extend(files.iter().map(|f| path_str(f)));
    args.extend(["--password-env", "P", "--at", "2026-12-01"]);
    args.extend(extra);
    certcheck(&args, &[("P", PASSWORD)], None)
}

/// Node with the packages of tests/parsers, or None after a loud skip.
fn node_script(script: &str, file: &Path) -> Option<serde_json::Value> {
    let dir = root().join("tests/parsers");
    if !dir.join("node_modules/ical.js").is_dir() || !dir.join("node_modules/markdown-it").is_dir()
    {
        outside::missing(
            "outside parsers",
            "tests/parsers/node_modules (npm ci in tests/parsers)",
        );
        return None;
    }
    let out = match Command::new("node")
        .arg(dir.join(script))
        .arg(file)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            outside::missing("outside parsers", &format!("node ({e})"));
            return None;
        }
    };
    assert!(
        out.status.success(),
        "node {script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

// ---------------------------------------------------------------------------
// 1. The offices' CSV in LibreOffice Calc

/// Calc's default import: separators comma, semicolon and tab, `"` quotes,
/// UTF-8, from line 1, Japanese, formulas evaluated (as Excel always does).
const CALC_IMPORT: &str = "CSV:44/59/9,34,76,1,,1041,false,false,false,false,false,,true";
/// Export back to CSV with every text cell quoted and numbers as shown, so a
/// cell's type can be read off: `"0012345678"` is text, `12345678` a number.
const CALC_EXPORT: &str = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1041,true,true,true";

/// Opens the CSV files in Calc (one soffice for all) and returns, for each,
/// the cells as Calc holds them: (quoted = text, value).
fn through_calc(files: &[PathBuf]) -> Option<Vec<Sheet>> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok())?;
    let work = tempfile::tempdir().unwrap();
    let out_dir = work.path().join("out");
    // A fresh profile per run: no settings from a user's own Calc, no lock.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        work.path().join("profile").display()
    );
    let status = Command::new(soffice)
        .args([&profile, "--headless", "--norestore"])
        .arg(format!("--infilter={CALC_IMPORT}"))
        .args(["--convert-to", CALC_EXPORT, "--outdir"])
        .arg(&out_dir)
        .args(files)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    Some(
        files
            .iter()
            .map(|f| {
                let back = std::fs::read_to_string(out_dir.join(f.file_name().unwrap()))
                    .unwrap_or_else(|e| panic!("Calc wrote no {}: {e}", f.display()));
                typed_cells(&back)
            })
            .collect(),
    )
}

/// Rows of cells as Calc holds them: (was quoted, i.e. text; value).
type Sheet = Vec<Vec<(bool, String)>>;

/// Splits Calc's export into rows of (was quoted, value).
fn typed_cells(text: &str) -> Sheet {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted, mut in_quotes) = (Vec::new(), String::new(), false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (in_quotes, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => in_quotes = false,
            (true, c) => cell.push(c),
            (false, '"') => (in_quotes, quoted) = (true, true),
            (false, ',') => row.push((std::mem::take(&mut quoted), std::mem::take(&mut cell))),
            (false, '\r') => {}
            (false, '\n') => {
                row.push((std::mem::take(&mut quoted), std::mem::take(&mut cell)));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn the_csv_opens_in_calc_with_every_value_under_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let digits = format!("0012345678{}", "0".repeat(CN.len() - 10));
    let names = [
        // No comma or quote: before, nothing made it quoted.
        "事業所;分割;テスト\tタブ".to_string(),
        digits.clone(),
        // (Not ＝1+1: the same office as =1+1 once normalised.)
        "＝2+2".to_string(),
        "=1+1".to_string(),
        "-2+3".to_string(),
    ];
    let files: Vec<PathBuf> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            forged(
                dir.path(),
                &format!("{i}.p12"),
                &cn_of(n),
                Some(&padded("A;B", ORG.len())),
            )
        })
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut csvs = Vec::new();
    for lang in ["ja", "en"] {
        let run = run_doctor(&refs, &["--format", "csv", "--lang", lang]);
        assert!(run.code < 64, "{}", run.stderr);
        let csv = dir.path().join(format!("offices-{lang}.csv"));
        std::fs::write(&csv, &run.stdout).unwrap();
        csvs.push(csv);
    }
    let Some(sheets) = through_calc(&csvs) else {
        outside::missing(
            "CSV in LibreOffice Calc",
            "soffice (apt-get install libreoffice-calc-nogui)",
        );
        return;
    };
    for (csv, sheet) in csvs.iter().zip(&sheets) {
        let ours = std::fs::read_to_string(csv).unwrap();
        let header = &sheet[0];
        assert_eq!(header.len(), 13, "{}: {header:?}", csv.display());
        assert_eq!(sheet.len(), 1 + names.len(), "{sheet:#?}");
        let col = |name: &str| header.iter().position(|(_, h)| h == name).unwrap();
        let (office, subject, days, sha1) = if csv.ends_with("offices-ja.csv") {
            (
                col("事業所"),
                col("発行先"),
                col("終了日までの日数"),
                col("拇印 (SHA-1)"),
            )
        } else {
            (
                col("office"),
                col("subject"),
                col("days left"),
                col("thumbprint (SHA-1)"),
            )
        };
        for row in &sheet[1..] {
            assert_eq!(row.len(), 13, "split in Calc: {row:?}\nfrom:\n{ours}");
            // Days left is a number, the thumbprint text under its header.
            assert!(
                !row[days].0 && row[days].1.parse::<i64>().is_ok(),
                "{row:?}"
            );
            assert!(row[sha1].0 && row[sha1].1.len() == 40, "{row:?}");
            assert!(row[subject].0 && row[subject].1.contains("CN="), "{row:?}");
            assert!(row[office].0, "the office name is text in Calc: {row:?}");
        }
        // (The names were padded with spaces to the certificate's length.)
        let offices: Vec<&str> = sheet[1..].iter().map(|r| r[office].1.trim_end()).collect();
        // Every name is there as it was written, as text: the digits keep
        // their zeros, the formulas are not run; each shown with our
        // apostrophe, the semicolon one unchanged but for the tab shown visibly.
        let want = [
            "事業所;分割;テスト<U+0009>タブ".to_string(),
            format!("'{digits}"),
            "'＝2+2".to_string(),
            "'=1+1".to_string(),
            "'-2+3".to_string(),
        ];
        for w in &want {
            assert!(offices.contains(&w.as_str()), "{w:?} not in {offices:#?}");
        }
    }
}

// ---------------------------------------------------------------------------
// 2. The calendar in ical.js and python icalendar

#[test]
fn a_line_break_in_a_name_is_no_line_in_any_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let cn = cn_of("A\n判定: 問題なし\r\nB\u{2028}C\u{85}D");
    let file = forged(dir.path(), "lf.p12", &cn, None);
    let ics = dir.path().join("r.ics");
    let run = run_doctor(&[&file], &["--ics", path_str(&ics)]);
    assert!(run.code < 64, "{}", run.stderr);
    let raw = std::fs::read_to_string(&ics).unwrap();
    // Our own text: one line per sentence of the description, no more.
    let own_lines = |description: &str| description.split('\n').count();
    let mut checked = 0;
    if let Some(cal) = node_script("ics.mjs", &ics) {
        let events = cal["events"].as_array().unwrap();
        assert_eq!(events.len(), 2, "{cal}");
        for e in events {
            let summary = e["summary"].as_str().unwrap();
            assert!(
                !summary.contains(['\n', '\r', '\u{2028}', '\u{85}']),
                "ical.js: {summary:?}"
            );
            assert!(
                summary.contains("A<U+000A>判定: 問題なし<U+000D><U+000A>B<U+2028>C<U+0085>D"),
                "{summary:?}"
            );
            let description = e["description"].as_str().unwrap();
            assert!(
                !description.contains(['\r', '\u{2028}', '\u{85}']),
                "{description:?}"
            );
            assert!(
                !description.lines().any(|l| l.starts_with("判定")),
                "ical.js shows a forged line: {description}"
            );
            // ics.rs writes five lines on the day renewal opens, four on the last day.
            let own = if summary.contains("更新を始める目安の日") {
                5
            } else {
                4
            };
            assert_eq!(own_lines(description), own, "{description}");
            for alarm in e["alarms"].as_array().unwrap() {
                assert!(!alarm.as_str().unwrap().contains('\n'), "{alarm}");
            }
        }
        checked += 1;
    }
    let script = root().join("tests/support/check_ics.py");
    match Command::new("python3").arg(&script).arg(&ics).output() {
        Ok(o) if o.status.success() => {
            let cal: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            for e in cal["events"].as_array().unwrap() {
                let summary = e["summary"].as_str().unwrap();
                assert!(
                    !summary.contains(['\n', '\r', '\u{2028}']),
                    "icalendar: {summary:?}"
                );
                let description = e["description"].as_str().unwrap();
                assert!(
                    !description.lines().any(|l| l.starts_with("判定")),
                    "{description}"
                );
                // ics.rs writes five lines on the day renewal opens, four on the last day.
                let own = if summary.contains("更新を始める目安の日") {
                    5
                } else {
                    4
                };
                assert_eq!(own_lines(description), own, "{description}");
            }
            checked += 1;
        }
        Ok(o) if o.status.code() == Some(3) => {
            outside::missing("calendar in python icalendar", "python icalendar")
        }
        Ok(o) => panic!("icalendar: {}\n{raw}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => outside::missing("calendar in python icalendar", &format!("python3 ({e})")),
    }
    eprintln!("calendar read by {checked} outside parsers");
}

// ---------------------------------------------------------------------------
// 3. The Markdown report in markdown-it with linkify, the HTML report

#[test]
fn no_link_from_certificate_text_in_a_preview_or_the_html_report() {
    let dir = tempfile::tempdir().unwrap();
    let cn = cn_of("renew.example.com/login x@kaigo.jp www.kaigo.jp");
    let org = padded("//a.jp 10.0.0.1 http://b.jp", ORG.len());
    let file = forged(dir.path(), "links.p12", &cn, Some(&org));
    let (md, html) = (dir.path().join("r.md"), dir.path().join("r.html"));
    for report in [&md, &html] {
        let run = run_doctor(&[&file], &["--report", path_str(report)]);
        assert!(run.code < 64, "{}", run.stderr);
    }
    let html = std::fs::read_to_string(&html).unwrap();
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    ));
    assert!(!html.contains("<a ") && !html.contains("href"), "{html}");
    // The names read as they are, in table cells of their own.
    assert!(
        html.contains("renew.example.com/login x@kaigo.jp www.kaigo.jp"),
        "{html}"
    );
    assert!(html.contains("//a.jp 10.0.0.1 http://b.jp"), "{html}");
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("</table>").count()
    );
    if let Some(out) = node_script("markdown.mjs", &md) {
        assert_eq!(
            out["links"],
            serde_json::json!([]),
            "markdown-it made links: {out}"
        );
        let rendered = out["html"].as_str().unwrap();
        // Rendered, the escapes are gone and the text reads as written.
        assert!(
            rendered.contains("renew.example.com/login x@kaigo.jp www.kaigo.jp"),
            "{rendered}"
        );
        assert!(
            rendered.contains("//a.jp 10.0.0.1 http://b.jp"),
            "{rendered}"
        );
    }
}

// ---------------------------------------------------------------------------
// 5. A forged report's memory in `report view`

/// Runs `report view` with its address space limited to `mib` MiB.
fn view_within(report: &Path, mib: u64) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {}; exec \"$0\" report view \"$1\"",
            mib * 1024
        ))
        .arg(env!("CARGO_BIN_EXE_certcheck"))
        .arg(report)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    Run::of(out)
}

#[test]
fn a_report_of_millions_of_findings_is_refused_within_100_mb() {
    let dir = tempfile::tempdir().unwrap();
    let limit = 8 * 1024 * 1024;
    let head = r#"{"verdict":"ok","findings":["#;
    let mut many = String::from(head);
    while many.len() + 4 < limit {
        many.push_str("{},");
    }
    many.push_str("{}]}");
    let many = write_temp(dir.path(), "many.json", many.as_bytes());
    let run = view_within(&many, 100);
    assert_eq!(run.code, 64, "{run:?}");
    assert!(run.stderr.contains("値が多すぎます"), "{}", run.stderr);
    assert!(
        run.stderr.contains("more than 100000 values"),
        "{}",
        run.stderr
    );

    // A report that is accepted, as large as allowed, fits in the same bound:
    // long strings in a few findings.
    let text = "あ".repeat((limit / 2 - 1024) / 3);
    let big = serde_json::json!({
        "verdict": "ok",
        "findings": [
            {"code": "x", "severity": "info", "message": text, "guide": ""},
            {"code": "y", "severity": "info", "message": text, "guide": ""},
        ],
    });
    let big = write_temp(dir.path(), "big.json", big.to_string().as_bytes());
    assert!(std::fs::metadata(&big).unwrap().len() > 7 * 1024 * 1024);
    let run = view_within(&big, 100);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
