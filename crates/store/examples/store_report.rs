//! Prints a store report as JSON in the CLI's contract, for the Wine tests
//! until `certcheck store --format json` exists, and for debugging on Windows.
//!
//! usage: store_report [--at WHEN] [--thumbprint SHA1]... [--issuer-contains TEXT]

use certcheck_core::findings::{Lang, Verdict};
use certcheck_store::{Query, inspect};
use serde_json::json;

fn main() {
    let mut query = Query::default();
    let mut at = chrono::Utc::now();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--at" => {
                at = certcheck_core::policy::parse_at(&value).unwrap_or_else(|| usage("bad --at"))
            }
            "--thumbprint" => query
                .thumbprints
                .push(thumbprint(&value).unwrap_or_else(|| usage("bad --thumbprint"))),
            "--issuer-contains" => query.issuer_contains = Some(value),
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    let report = inspect(&query, at);
    let verdict = Verdict::of(&report.findings);
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({"code": f.code, "severity": f.severity.as_str(), "message": f.message(Lang::En),
                   "guide": f.definition().guide()})
        })
        .collect();
    let out = json!({"verdict": verdict, "exit_code": verdict.exit_code(), "store": report, "findings": findings});
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("JSON values serialize")
    );
    std::process::exit(verdict.exit_code());
}

fn thumbprint(hex: &str) -> Option<[u8; 20]> {
    let hex: String = hex
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let mut out = [0u8; 20];
    if hex.len() != 40 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn usage(msg: &str) -> ! {
    eprintln!(
        "store_report: {msg}\nusage: store_report [--at WHEN] [--thumbprint SHA1]... [--issuer-contains TEXT]"
    );
    std::process::exit(64);
}
