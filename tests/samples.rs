//! Every sample against the table in samples/README.md: the table is the
//! documented behaviour, this test keeps it true.

use crate::support;

use support::*;

struct Row {
    file: String,
    password_env: Option<String>,
    verdict: String,
    exit: i32,
    status: Option<String>,
    findings: Vec<String>,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("samples/README.md")).unwrap();
    let rows: Vec<Row> = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| file") && !l.starts_with("|---"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            assert_eq!(cells.len(), 6, "bad row {l}");
            let password_env = cells[1]
                .strip_prefix("`--password-env` ")
                .map(str::to_string);
            Row {
                file: cells[0].clone(),
                password_env,
                verdict: cells[2].clone(),
                exit: cells[3].parse().unwrap(),
                status: (cells[4] != "-").then(|| cells[4].clone()),
                findings: cells[5].split(", ").map(str::to_string).collect(),
            }
        })
        .collect();
    assert!(rows.len() >= 25, "the table lost rows");
    rows
}

#[test]
fn every_sample_says_what_the_readme_says() {
    let listed: Vec<String> = rows().iter().map(|r| r.file.clone()).collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    on_disk.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(
        sorted, on_disk,
        "samples/README.md and samples/ list different files"
    );

    for row in rows() {
        let path = sample(&row.file);
        let mut args = vec![
            "check",
            path_str(&path),
            "--at",
            "2026-12-01",
            "--format",
            "json",
        ];
        let env: Vec<(&str, &str)> = match &row.password_env {
            Some(p) => {
                args.extend(["--password-env", "SAMPLE_PW"]);
                vec![("SAMPLE_PW", p.as_str())]
            }
            None => {
                args.push("--no-password");
                vec![]
            }
        };
        let run = certcheck(&args, &env, None);
        let doc = run.json();
        assert_eq!(run.code, row.exit, "{}: exit\n{}", row.file, run.stdout);
        assert_eq!(doc["exit_code"], row.exit, "{}", row.file);
        assert_eq!(doc["verdict"], row.verdict.as_str(), "{}", row.file);
        assert_eq!(
            doc["validity"]["status"].as_str().map(str::to_string),
            row.status,
            "{}",
            row.file
        );
        assert_eq!(run.codes(), row.findings, "{}", row.file);
        for f in doc["findings"].as_array().unwrap() {
            let code = f["code"].as_str().unwrap();
            assert_eq!(
                f["guide"],
                format!("troubleshooting.html#{}", code.replace('.', "-"))
            );
            assert!(!f["message"].as_str().unwrap().is_empty());
        }
        if let Some(p) = &row.password_env {
            assert!(
                !run.stdout.contains(p.as_str()) && !run.stderr.contains(p.as_str()),
                "{}: password printed",
                row.file
            );
        }
    }
}

#[test]
fn the_password_never_appears_in_any_output() {
    for row in rows() {
        let path = sample(&row.file);
        for format in ["text", "json"] {
            for lang in ["ja", "en"] {
                for pw in [PASSWORD, "a-wrong-Passw0rd"] {
                    let run = certcheck(
                        &[
                            "check",
                            path_str(&path),
                            "--password-stdin",
                            "--format",
                            format,
                            "--lang",
                            lang,
                            "--at",
                            "2026-12-01",
                        ],
                        &[],
                        Some(&format!("{pw}\n")),
                    );
                    assert!(
                        !run.stdout.contains(pw) && !run.stderr.contains(pw),
                        "{} {format} {lang}: password printed",
                        row.file
                    );
                }
            }
        }
    }
}

#[test]
fn inventory_and_protection_of_a_sample() {
    let run = certcheck(
        &[
            "check",
            path_str(&sample("current-aes.p12")),
            "--password-env",
            "P",
            "--at",
            "2026-12-01",
            "--format",
            "json",
        ],
        &[("P", PASSWORD)],
        None,
    );
    let d = run.json();
    assert_eq!(d["password"], "correct");
    assert_eq!(
        d["file"]["bytes"],
        std::fs::metadata(sample("current-aes.p12")).unwrap().len()
    );
    assert_eq!(d["file"]["sha256"].as_str().unwrap().len(), 64);
    let certs = d["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0]["role"], "client");
    assert_eq!(certs[0]["has_private_key"], true);
    assert_eq!(certs[1]["role"], "ca");
    assert!(
        certs[1]["subject"]
            .as_str()
            .unwrap()
            .contains("Example Kaigo Test CA (fictional)")
    );
    assert_eq!(certs[0]["sha1"].as_str().unwrap().len(), 40);
    assert_eq!(certs[0]["not_before"], "2025-05-31T15:00:00Z");
    assert_eq!(certs[0]["not_after"], "2028-05-31T14:59:59Z");
    assert_eq!(d["chain"]["status"], "verified");
    assert_eq!(d["validity"]["last_day"], "2028-05-31");
    assert_eq!(d["validity"]["renewal_opens"], "2028-02-29");
    assert_eq!(d["validity"]["days_left"], 547);
    let p = &d["protection"];
    assert_eq!(p["mac"]["digest"], "SHA-256");
    assert_eq!(p["mac"]["iterations"], 2048);
    assert_eq!(
        p["certificates"]["scheme"],
        "PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC)"
    );
    assert_eq!(p["key"]["iterations"], 2048);
    assert_eq!(p["encoding"], "DER");
}

#[test]
fn max_iterations_lifts_the_ceiling() {
    let path = sample("excessive-iterations.p12");
    let args = [
        "check",
        path_str(&path),
        "--password-env",
        "P",
        "--at",
        "2026-12-01",
        "--format",
        "json",
    ];
    let refused = certcheck(&args, &[("P", PASSWORD)], None);
    assert_eq!(refused.codes(), ["p12.excessive_iterations"]);
    let mut more = args.to_vec();
    more.extend(["--max-iterations", "4000000"]);
    let opened = certcheck(&more, &[("P", PASSWORD)], None);
    assert_eq!(opened.json()["password"], "correct", "{}", opened.stdout);
    assert_eq!(opened.json()["protection"]["mac"]["iterations"], 3_000_000);
}
