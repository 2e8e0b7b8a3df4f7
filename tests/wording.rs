//! The words a care-office worker reads (issue 20): no banned phrase
//! (tests/data/banned-phrases.txt) in any text a user meets, and the guide's
//! glossary (book/src/glossary.md) used the same way by the guide, the
//! findings catalog and the reports.

use std::path::Path;

use certcheck_core::findings::{CATALOG, Code, Lang, Severity, Verdict};

use crate::support::{certcheck, root};

/// Where a text is shown, which decides the rules that apply to it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Met only by someone typing commands or helping the office.
    All,
    /// Also met by staff who double-click certcheck.exe or read the guide.
    Staff,
}

struct Rule {
    scope: Scope,
    phrase: String,
    allowed: Vec<String>,
}

fn rules() -> Vec<Rule> {
    let list = std::fs::read_to_string(root().join("tests/data/banned-phrases.txt")).unwrap();
    let rules: Vec<Rule> = list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut fields = l.split('\t');
            let scope = match fields.next() {
                Some("all") => Scope::All,
                Some("staff") => Scope::Staff,
                other => panic!("banned-phrases.txt: unknown scope {other:?} in {l:?}"),
            };
            let phrase = fields.next().expect("a phrase").to_lowercase();
            let allowed: Vec<String> = fields
                .next()
                .map(|a| a.split('|').map(str::to_lowercase).collect())
                .unwrap_or_default();
            for a in &allowed {
                assert!(a.contains(&phrase), "{a:?} does not hold {phrase:?}");
            }
            Rule {
                scope,
                phrase,
                allowed,
            }
        })
        .collect();
    assert!(rules.len() > 20, "the list did not parse");
    rules
}

/// A text a user reads, where it comes from, and who meets it.
struct Text {
    origin: String,
    scope: Scope,
    body: String,
}

/// True when the hit at `at` lies inside one of the allowed longer texts.
fn allowed_at(text: &str, at: usize, rule: &Rule) -> bool {
    rule.allowed.iter().any(|a| {
        a.match_indices(&rule.phrase).any(|(k, _)| {
            at >= k
                && text
                    .get(at - k..)
                    .is_some_and(|rest| rest.starts_with(a.as_str()))
        })
    })
}

fn violations(texts: &[Text], rules: &[Rule]) -> Vec<String> {
    let mut found = Vec::new();
    for t in texts {
        let body = t.body.to_lowercase();
        for rule in rules {
            if rule.scope == Scope::Staff && t.scope == Scope::All {
                continue;
            }
            for (at, _) in body.match_indices(&rule.phrase) {
                if !allowed_at(&body, at, rule) {
                    let line = body[..at].lines().count().max(1);
                    found.push(format!("{} (line {line}): {:?}", t.origin, rule.phrase));
                }
            }
        }
    }
    found
}

fn has_japanese(line: &str) -> bool {
    line.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The lines of a source file that hold Japanese (its user-facing strings),
/// up to its tests (which name banned words to prove they are absent).
fn japanese_lines(path: &Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    source
        .lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .filter(|l| has_japanese(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn files(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no *.{ext} in {dir}");
    out
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// Every text the issue names, with its scope.
fn user_texts() -> Vec<Text> {
    let mut texts = Vec::new();
    for d in CATALOG {
        for (field, body, scope) in [
            ("title_ja", d.title_ja, Scope::Staff),
            ("title_en", d.title_en, Scope::Staff),
            ("message_ja", d.message_ja, Scope::Staff),
            ("message_en", d.message_en, Scope::Staff),
            // Details are for whoever helps the office: a flag may be named there.
            ("details_ja", d.details_ja, Scope::All),
            ("details_en", d.details_en, Scope::All),
        ] {
            texts.push(Text {
                origin: format!("catalog {} {field}", d.code),
                scope,
                body: body.to_string(),
            });
        }
    }
    for page in files("book/src", "md") {
        let body = std::fs::read_to_string(&page).unwrap();
        // The command-line section of certcheck.md is for administrators and agents.
        let (staff, admin) = body.split_once("{#admin}").unwrap_or((&body, ""));
        texts.push(Text {
            origin: rel(&page),
            scope: Scope::Staff,
            body: staff.to_string(),
        });
        texts.push(Text {
            origin: format!("{} (管理者・代理人向け)", rel(&page)),
            scope: Scope::All,
            body: admin.to_string(),
        });
    }
    for mock in files("book/mocks", "html") {
        texts.push(Text {
            origin: rel(&mock),
            scope: Scope::Staff,
            body: std::fs::read_to_string(&mock).unwrap(),
        });
    }
    let staff_sources = [
        "book/theme/checker.js",
        "book/theme/guide.js",
        "book/theme/search.js",
        "crates/guide/src/widgets.rs",
        "crates/guide/src/findings_page.rs",
        "src/double_click.rs",
        "src/desktop_report.rs",
    ];
    let mut command_sources: Vec<std::path::PathBuf> = files("src", "rs")
        .into_iter()
        .chain(files("src/cmd", "rs"))
        .chain(files("crates/report/src", "rs"))
        .collect();
    command_sources.extend(
        [
            "crates/core/src/check.rs",
            "crates/core/src/relations.rs",
            "crates/catalog/src/io_reason.rs",
            "crates/store/src/decide.rs",
        ]
        .map(|p| root().join(p)),
    );
    for path in staff_sources.iter().map(|p| root().join(p)) {
        texts.push(Text {
            origin: rel(&path),
            scope: Scope::Staff,
            body: japanese_lines(&path),
        });
    }
    for path in command_sources {
        if staff_sources.iter().any(|s| root().join(s) == path) {
            continue;
        }
        texts.push(Text {
            origin: rel(&path),
            scope: Scope::All,
            body: japanese_lines(&path),
        });
    }
    let readme = root().join("xtask/dist/はじめにお読みください.txt");
    texts.push(Text {
        origin: rel(&readme),
        scope: Scope::Staff,
        body: std::fs::read_to_string(&readme).unwrap(),
    });
    let project_readme = root().join("README.md");
    texts.push(Text {
        origin: rel(&project_readme),
        scope: Scope::All,
        body: japanese_lines(&project_readme),
    });
    texts
}

#[test]
fn no_user_facing_text_holds_a_banned_phrase() {
    let found = violations(&user_texts(), &rules());
    assert!(found.is_empty(), "banned phrases:\n{}", found.join("\n"));
}

#[test]
fn the_banned_phrase_check_finds_what_it_should_and_spares_quoted_labels() {
    let rules = rules();
    let text = |scope, body: &str| Text {
        origin: "sample".into(),
        scope,
        body: body.into(),
    };
    let hits = |t: Text| violations(&[t], &rules).len();
    assert_eq!(
        hits(text(Scope::Staff, "ヘルプデスクに相談してください。")),
        1
    );
    assert_eq!(
        hits(text(Scope::Staff, "このユーザには入っていません。")),
        1
    );
    assert_eq!(
        hits(text(Scope::Staff, "「ダウンロード」フォルダを開きます。")),
        1
    );
    assert_eq!(hits(text(Scope::Staff, "Ask the Helpdesk.")), 1);
    assert_eq!(
        hits(text(
            Scope::Staff,
            "certcheck guide --export で書き出せます。"
        )),
        1
    );
    // The FAQ's label, today's spelling, the system's ID field: all fine.
    assert_eq!(
        hits(text(
            Scope::Staff,
            "「現在のユーザ」（Windows 10・11 では「現在のユーザー」）、ユーザID、「ダウンロード」フォルダー"
        )),
        0
    );
    // A flag is fine where only administrators look.
    assert_eq!(hits(text(Scope::All, "--export フォルダー名")), 0);
}

fn page(name: &str) -> String {
    std::fs::read_to_string(root().join("book/src").join(name)).unwrap()
}

/// The text of one `## … {#id}` section of a guide page.
fn section(page: &str, id: &str) -> String {
    let anchor = page
        .find(&format!("{{#{id}}}"))
        .unwrap_or_else(|| panic!("no section #{id}"));
    // From the start of the heading's line, so that the heading counts.
    let start = page[..anchor].rfind('\n').map_or(0, |n| n + 1);
    let rest = &page[start..];
    let end = rest[1..].find("\n## ").map_or(rest.len(), |e| e + 1);
    rest[..end].to_string()
}

#[test]
fn the_glossary_is_linked_and_its_severity_and_verdict_names_are_the_ones_reports_use() {
    assert!(page("SUMMARY.md").contains("(glossary.md)"));
    let glossary = page("glossary.md");
    let severity = section(&glossary, "severity");
    let troubleshooting = page("troubleshooting.md");
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let name = format!("「{}」", s.label(Lang::Ja));
        assert!(severity.contains(&name), "the glossary lacks {name}");
        assert!(
            troubleshooting.contains(&name),
            "troubleshooting.md lacks {name}"
        );
    }
    let verdict = section(&glossary, "verdict");
    let certcheck_page = page("certcheck.md");
    for v in [Verdict::Ok, Verdict::Attention, Verdict::Problem] {
        let name = certcheck_report::testing::verdict_label(v, Lang::Ja);
        assert!(
            verdict.contains(&format!("「{name}」")),
            "the glossary lacks {name}"
        );
        assert!(
            certcheck_page.contains(&format!("| {name} |")),
            "certcheck.md's table lacks {name}"
        );
    }
    // The text report prints those names: a problem file shows 問題 and 問題あり.
    let run = certcheck(
        &[
            "check",
            crate::support::sample("renewal-window-aes.p12")
                .to_str()
                .unwrap(),
            "--password-stdin",
            "--at",
            "2029-12-01",
        ],
        &[],
        Some("Kaigo-Sample-2026\n"),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("[{}]", Severity::Error.label(Lang::Ja))),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("判定: 問題あり"), "{}", run.stdout);
}

#[test]
fn the_glossary_terms_are_the_ones_the_guide_the_catalog_and_the_reports_use() {
    let glossary = page("glossary.md");
    // 有効期間の終了日: the FAQ's term, in the calculator, the checker and the text report.
    assert!(section(&glossary, "end-date").contains("有効期間の終了日"));
    for source in ["crates/guide/src/widgets.rs", "book/theme/checker.js"] {
        let text = std::fs::read_to_string(root().join(source)).unwrap();
        assert!(text.contains("有効期間の終了日"), "{source}");
    }
    let run = certcheck(&["renewal", "2028-05-31", "--lang", "ja"], &[], None);
    assert!(
        run.stdout.contains("有効期間の終了日: 2028-05-31"),
        "{}",
        run.stdout
    );
    // 相談先: defined once in the guide, then the one name in the catalog and the read-me.
    let soudan = section(&glossary, "soudan");
    assert!(
        soudan.contains("この certcheck を事業所に用意した人") && soudan.contains("国保連合会")
    );
    let readme =
        std::fs::read_to_string(root().join("xtask/dist/はじめにお読みください.txt")).unwrap();
    assert!(readme.contains("相談先は、この certcheck を用意した人"));
    let mut sends_to_soudan = 0;
    for d in CATALOG {
        let ja = d.message_ja.contains("相談先");
        let en = d.message_en.contains("support contact");
        assert_eq!(ja, en, "{}: ja and en name the same person to ask", d.code);
        sends_to_soudan += usize::from(ja);
        assert_eq!(
            d.message_ja.contains("国保連合会"),
            d.message_en.contains("国保連合会"),
            "{}: ja and en both name the 国保連合会 or neither",
            d.code
        );
        assert_eq!(
            d.details_ja.is_empty(),
            d.details_en.is_empty(),
            "{}: details in both languages or in neither",
            d.code
        );
    }
    assert!(sends_to_soudan >= 5, "{sends_to_soudan}");
    // 伝送通信ソフト, as the FAQ writes it.
    assert!(section(&glossary, "software").contains("伝送通信ソフト"));
    assert!(
        Code::StoreKeyNeedsPrompt
            .definition()
            .message_ja
            .contains("伝送通信ソフト")
    );
}

#[test]
fn one_answer_on_keeping_the_old_certificate_and_whom_to_call_while_waiting() {
    let rule = "新しい証明書で伝送できたことを確かめ";
    assert!(section(&page("glossary.md"), "delete-old").contains(rule));
    for p in ["timing.md", "help.md", "procedure.md"] {
        assert!(page(p).contains(rule), "{p}");
    }
    for code in [
        Code::CertNotYetValid,
        Code::StoreSeveralValid,
        Code::StoreRenewedWaiting,
        Code::DoctorRenewalContinuous,
    ] {
        let d = code.definition();
        assert!(d.message_ja.contains(rule), "{code}");
        assert!(
            d.message_en.contains("a claim has been sent with it"),
            "{code}"
        );
    }
    // Every state that means waiting says whom to call when the claim deadline is near.
    for code in [
        Code::CertNotYetValid,
        Code::StoreOnlyNotYetValid,
        Code::StoreRenewedWaiting,
        Code::DoctorValidityGap,
    ] {
        let d = code.definition();
        assert!(
            d.message_ja.contains("締め切り") && d.message_ja.contains("国保連合会"),
            "{code}"
        );
        assert!(
            d.message_en.contains("deadline") && d.message_en.contains("国保連合会"),
            "{code}"
        );
    }
    // Expired is expired, whether seen in the file or in the store: apply now.
    for code in [Code::CertExpired, Code::StoreOnlyExpired] {
        let d = code.definition();
        assert!(
            d.message_ja.contains("すぐに申請")
                && d.message_ja.contains("「証明書の発行申請をする」"),
            "{code}"
        );
        assert!(d.message_en.to_lowercase().contains("apply now"), "{code}");
    }
}
