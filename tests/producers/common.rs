//! The fixture (fictional CA and client certificates), the certcheck runner and the
//! expectations every producer's file is checked against.

use serde_json::Value;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Distinctive, so that finding them in certcheck's output means certcheck printed them.
pub const PASSWORD: &str = "Fict-Pass-7q3Z";
pub const WRONG: &str = "Wrong-Pass-9x2K";
/// Kana outside ASCII and Latin-1 plus a Latin-1 letter; not "パスワード", which is the Japanese
/// word for password and so rightly appears in certcheck's messages.
pub const NON_ASCII: &str = "ぱすわーど-Ü7";

pub struct Cert {
    pub key: PathBuf,
    pub pem: PathBuf,
    /// Upper-case hex without colons, computed by openssl (not by certcheck's code).
    pub sha1: String,
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub ca: Cert,
    /// RSA-2048 client certificate signed by `ca`.
    pub rsa: Cert,
    /// EC P-256 client certificate signed by `ca`.
    pub ec: Cert,
}

impl Fixture {
    /// A fresh CA and two client certificates in a new temp dir. Each test makes its own so the
    /// tests share nothing and can run in parallel.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = |n: &str| dir.path().join(n);
        let ext = p("client.ext");
        std::fs::write(
            &ext,
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n\
             extendedKeyUsage=clientAuth\n",
        )
        .unwrap();
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "3650",
                "-subj",
                "/O=Fictional Example Care CA/CN=Fictional Example Root",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
            &[("-keyout", &p("ca.key")), ("-out", &p("ca.pem"))],
        );
        let ca = cert(p("ca.key"), p("ca.pem"));
        let client = |name: &str, newkey: &[&str], serial: &str| {
            let (key, csr, pem) = (
                p(&format!("{name}.key")),
                p(&format!("{name}.csr")),
                p(&format!("{name}.pem")),
            );
            let mut args = vec!["req", "-new", "-nodes"];
            args.extend_from_slice(newkey);
            args.extend(["-subj", "/O=Fictional Care Office/CN=Fictional Client"]);
            openssl(&args, &[("-keyout", &key), ("-out", &csr)]);
            openssl(
                &[
                    "x509",
                    "-req",
                    "-days",
                    "730",
                    "-sha256",
                    "-set_serial",
                    serial,
                ],
                &[
                    ("-in", &csr),
                    ("-CA", &ca.pem),
                    ("-CAkey", &ca.key),
                    ("-extfile", &ext),
                    ("-out", &pem),
                ],
            );
            cert(key, pem)
        };
        let rsa = client("rsa", &["-newkey", "rsa:2048"], "0x1001");
        let ec = client(
            "ec",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
            "0x1002",
        );
        Fixture { dir, ca, rsa, ec }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Client certificate followed by the CA, for producers that take a chain file.
    pub fn chain_pem(&self, client: &Cert) -> PathBuf {
        let out = self.path(&format!(
            "{}-chain.pem",
            client.pem.file_stem().unwrap().to_string_lossy()
        ));
        let mut s = std::fs::read(&client.pem).unwrap();
        s.extend(std::fs::read(&self.ca.pem).unwrap());
        std::fs::write(&out, s).unwrap();
        out
    }
}

fn openssl(args: &[&str], paths: &[(&str, &Path)]) {
    let mut cmd = Command::new("openssl");
    cmd.args(args);
    for (flag, path) in paths {
        cmd.arg(flag).arg(path);
    }
    produce("openssl (fixture)", &mut cmd);
}

fn cert(key: PathBuf, pem: PathBuf) -> Cert {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha1", "-in"])
        .arg(&pem)
        .output()
        .expect("openssl x509 -fingerprint");
    let text = String::from_utf8(out.stdout).unwrap();
    // "SHA1 Fingerprint=1E:69:..."
    let sha1 = text
        .trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_uppercase();
    assert_eq!(sha1.len(), 40, "unexpected fingerprint output: {text}");
    Cert { key, pem, sha1 }
}

/// Whether a producer can run. Missing: a loud SKIP, or a failure under CERTCHECK_CI=1 where
/// `.ci/run` installs every producer.
pub fn have(what: &str, cmd: &mut Command, must_succeed: bool) -> bool {
    let ok = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success() || !must_succeed);
    if !ok {
        let msg = format!("SKIP: producer {what} is not available ({})", show(cmd));
        if std::env::var("CERTCHECK_CI").as_deref() == Ok("1") {
            panic!("{msg}; CERTCHECK_CI=1 requires it (install it in .ci/run)");
        }
        eprintln!("\n{0}\n!!! {msg}\n{0}\n", "!".repeat(72));
    }
    ok
}

pub fn show(cmd: &Command) -> String {
    let quote = |s: &OsStr| {
        let s = s.to_string_lossy();
        if s.is_empty() || s.contains([' ', '#', '"']) {
            format!("'{s}'")
        } else {
            s.into_owned()
        }
    };
    std::iter::once(quote(cmd.get_program()))
        .chain(cmd.get_args().map(quote))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a producer's command; its failure is a broken test environment, reported with the command.
pub fn produce(producer: &str, cmd: &mut Command) {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{producer}: cannot run `{}`: {e}", show(cmd)));
    assert!(
        out.status.success(),
        "{producer}: `{}` failed ({}):\n{}{}",
        show(cmd),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[derive(Clone, Copy)]
pub enum Pw<'a> {
    Env(&'a str),
    Stdin(&'a str),
    File(&'a str),
    None,
}

impl Pw<'_> {
    fn secret(&self) -> Option<&str> {
        match *self {
            Pw::Env(s) | Pw::Stdin(s) | Pw::File(s) if !s.is_empty() => Some(s),
            _ => None,
        }
    }
}

pub struct Run {
    pub cmdline: String,
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub json: Value,
}

impl Run {
    /// Everything needed to understand a failure.
    pub fn dump(&self) -> String {
        format!(
            "  command: {}\n  exit status: {:?}\n  stderr: {}\n  stdout:\n{}",
            self.cmdline, self.status, self.stderr, self.stdout
        )
    }

    pub fn finding(&self, code: &str) -> Option<&Value> {
        self.json["findings"]
            .as_array()?
            .iter()
            .find(|f| f["code"] == code)
    }

    pub fn codes(&self) -> Vec<&str> {
        let Some(findings) = self.json["findings"].as_array() else {
            return vec![];
        };
        findings.iter().filter_map(|f| f["code"].as_str()).collect()
    }
}

pub fn certcheck(file: &Path, pw: Pw, json: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certcheck"));
    cmd.arg("check").arg(file).args(["--lang", "en"]);
    if json {
        cmd.args(["--format", "json"]);
    }
    // Kept alive until certcheck has read it.
    let mut pw_file = None;
    let mut stdin = None;
    match pw {
        Pw::Env(s) => {
            cmd.args(["--password-env", "CERTCHECK_TEST_PW"])
                .env("CERTCHECK_TEST_PW", s);
        }
        Pw::Stdin(s) => {
            cmd.arg("--password-stdin");
            stdin = Some(format!("{s}\n"));
        }
        Pw::File(s) => {
            let mut f = tempfile::NamedTempFile::new().unwrap();
            writeln!(f, "{s}").unwrap();
            cmd.arg("--password-file").arg(f.path());
            pw_file = Some(f);
        }
        Pw::None => {
            cmd.arg("--no-password");
        }
    }
    let cmdline = match pw {
        Pw::Env(_) => format!("CERTCHECK_TEST_PW=… {}", show(&cmd)),
        Pw::Stdin(_) => format!("echo … | {}", show(&cmd)),
        _ => show(&cmd),
    };
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run certcheck");
    let mut child_stdin = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        child_stdin.write_all(s.as_bytes()).unwrap();
    }
    drop(child_stdin);
    let out = child.wait_with_output().unwrap();
    drop(pw_file);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    Run {
        cmdline,
        status: out.status.code(),
        json: if json {
            serde_json::from_str(&stdout).unwrap_or(Value::Null)
        } else {
            Value::Null
        },
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// How one encrypted part (certificates or key) should be protected.
#[derive(Clone, Copy, Debug)]
pub enum Enc {
    /// Scheme as certcheck names it, and the iteration count.
    Pbe(&'static str, u64),
    /// Stored without encryption.
    Plain,
}

pub const AES256: &str = "PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC)";
pub const AES128: &str = "PBES2 (PBKDF2-HMAC-SHA-256, AES-128-CBC)";
pub const PBE_3DES: &str = "PKCS#12 PBE (SHA-1, 3DES-CBC)";
pub const PBE_RC2_40: &str = "PKCS#12 PBE (SHA-1, RC2-40-CBC)";

pub struct Expect {
    pub variant: String,
    pub certs: Enc,
    pub key: Enc,
    /// Digest and iterations, or no MAC.
    pub mac: Option<(&'static str, u64)>,
    pub encoding: &'static str,
    pub client_sha1: String,
    /// The CA's thumbprint when the producer was given the CA.
    pub ca_sha1: Option<String>,
    pub password: &'static str,
    pub findings: Vec<&'static str>,
}

impl Expect {
    /// A DER file with the CA, opened with the right password; protection still to be set.
    pub fn new(variant: impl Into<String>, client: &Cert, ca: Option<&Cert>) -> Expect {
        Expect {
            variant: variant.into(),
            certs: Enc::Plain,
            key: Enc::Plain,
            mac: None,
            encoding: "DER",
            client_sha1: client.sha1.clone(),
            ca_sha1: ca.map(|c| c.sha1.clone()),
            password: "correct",
            findings: vec![],
        }
    }
    pub fn both(mut self, e: Enc) -> Self {
        self.certs = e;
        self.key = e;
        self
    }
    pub fn certs(mut self, e: Enc) -> Self {
        self.certs = e;
        self
    }
    pub fn key(mut self, e: Enc) -> Self {
        self.key = e;
        self
    }
    pub fn mac(mut self, digest: &'static str, iterations: u64) -> Self {
        self.mac = Some((digest, iterations));
        self
    }
    pub fn ber(mut self) -> Self {
        self.encoding = "BER";
        self
    }
    pub fn password(mut self, outcome: &'static str) -> Self {
        self.password = outcome;
        self
    }
    pub fn finding(mut self, code: &'static str) -> Self {
        self.findings.push(code);
        self
    }
}

fn enc_of(v: &Value) -> String {
    match (&v["scheme"], &v["iterations"]) {
        (Value::String(s), Value::Number(n)) => format!("{s} ×{n}"),
        (Value::String(s), Value::Null) => s.clone(),
        _ => v.to_string(),
    }
}

/// Collects one producer's rows and failures; `finish` prints the table and fails the test if any
/// variant failed, so that one broken variant does not hide the others.
pub struct Producer {
    name: &'static str,
    rows: Vec<String>,
    failures: Vec<String>,
}

impl Producer {
    pub fn new(name: &'static str) -> Producer {
        Producer {
            name,
            rows: vec![],
            failures: vec![],
        }
    }

    /// `how` is the producer's command, shown on failure.
    pub fn check(&mut self, how: &str, exp: &Expect, file: &Path, pw: Pw) {
        let run = certcheck(file, pw, true);
        let j = &run.json;
        let mut bad = Vec::new();
        if j.is_null() {
            bad.push("stdout is not JSON".to_string());
        } else {
            check_json(exp, &run, &mut bad);
        }
        if let Some(secret) = pw.secret()
            && (run.stdout.contains(secret) || run.stderr.contains(secret))
        {
            bad.push("the password appears in the output".into());
        }
        let p = &j["protection"];
        let mac = match &p["mac"] {
            Value::Null => "none".to_string(),
            m => format!(
                "{} ×{}",
                m["digest"].as_str().unwrap_or("?"),
                m["iterations"]
            ),
        };
        self.row(
            &exp.variant,
            &format!(
                "certs {} | key {} | MAC {mac} | {} | password {} | chain {}",
                enc_of(&p["certificates"]),
                enc_of(&p["key"]),
                p["encoding"].as_str().unwrap_or("?"),
                j["password"].as_str().unwrap_or("?"),
                j["chain"]["status"].as_str().unwrap_or("?"),
            ),
            bad,
            how,
            &run,
        );
    }

    /// The file is refused (exit 2, verdict problem) with one of `accept` as an error finding,
    /// never both password.wrong and p12.damaged, and no secret is printed, in JSON or text.
    pub fn refused(
        &mut self,
        variant: &str,
        how: &str,
        file: &Path,
        pw: Pw,
        accept: &[&str],
        secrets: &[&str],
    ) {
        let run = certcheck(file, pw, true);
        let mut bad = Vec::new();
        if run.status != Some(2) || run.json["exit_code"] != 2 {
            bad.push(format!(
                "exit status {:?}, exit_code {}, expected 2",
                run.status, run.json["exit_code"]
            ));
        }
        if run.json["verdict"] != "problem" {
            bad.push(format!(
                "verdict {}, expected \"problem\"",
                run.json["verdict"]
            ));
        }
        let found: Vec<_> = accept.iter().filter_map(|c| run.finding(c)).collect();
        match found.as_slice() {
            [f] if f["severity"] == "error" => {}
            [f] => bad.push(format!("{} has severity {}", f["code"], f["severity"])),
            _ => bad.push(format!("expected exactly one of {accept:?}")),
        }
        // The two verdicts exclude each other: that is the point of telling them apart.
        let wrong = run.finding("password.wrong").is_some();
        if wrong && run.finding("p12.damaged").is_some() {
            bad.push("both password.wrong and p12.damaged".into());
        }
        if (run.json["password"] == "wrong") != wrong {
            bad.push(format!(
                "password is {} with password.wrong {wrong}",
                run.json["password"]
            ));
        }
        let text = certcheck(file, pw, false);
        if text.status != Some(2) {
            bad.push(format!(
                "text report: exit status {:?}, expected 2",
                text.status
            ));
        }
        for s in secrets.iter().filter(|s| !s.is_empty()) {
            for r in [&run, &text] {
                if r.stdout.contains(s) || r.stderr.contains(s) {
                    bad.push(format!(
                        "a password appears in the output of `{}`",
                        r.cmdline
                    ));
                }
            }
        }
        let summary = format!(
            "{} (password {}) exit {:?}",
            run.codes().join(","),
            run.json["password"],
            run.status
        );
        self.row(variant, &summary, bad, how, &run);
    }

    pub fn row(&mut self, variant: &str, summary: &str, bad: Vec<String>, how: &str, run: &Run) {
        let verdict = if bad.is_empty() { "PASS" } else { "FAIL" };
        self.rows.push(format!(
            "{:<8} | {variant:<34} | {summary} | {verdict}",
            self.name
        ));
        if !bad.is_empty() {
            let mut msg = format!("{} / {variant}:\n", self.name);
            for b in &bad {
                let _ = writeln!(msg, "  - {b}");
            }
            let _ = write!(msg, "  made with: {how}\n{}", run.dump());
            self.failures.push(msg);
        }
    }

    pub fn finish(self) {
        println!("\n{}", self.rows.join("\n"));
        assert!(
            self.failures.is_empty(),
            "{} of {} {} variants failed:\n\n{}",
            self.failures.len(),
            self.rows.len(),
            self.name,
            self.failures.join("\n\n")
        );
    }
}

fn check_json(exp: &Expect, run: &Run, bad: &mut Vec<String>) {
    let j = &run.json;
    if run.status != j["exit_code"].as_i64().map(|c| c as i32) {
        bad.push(format!(
            "exit status {:?} but exit_code {}",
            run.status, j["exit_code"]
        ));
    }
    if run.status == Some(2) || j["verdict"] == "problem" {
        bad.push(format!("verdict {} for a good file", j["verdict"]));
    }
    for f in j["findings"].as_array().into_iter().flatten() {
        if f["severity"] == "error" {
            bad.push(format!("error finding {}", f["code"]));
        }
    }
    for code in &exp.findings {
        if run.finding(code).is_none() {
            bad.push(format!("no {code} finding"));
        }
    }
    if j["password"] != exp.password {
        bad.push(format!(
            "password {}, expected {:?}",
            j["password"], exp.password
        ));
    }
    let p = &j["protection"];
    if p["encoding"] != exp.encoding {
        bad.push(format!(
            "encoding {}, expected {:?}",
            p["encoding"], exp.encoding
        ));
    }
    match (exp.mac, &p["mac"]) {
        (None, Value::Null) => {}
        (Some((d, i)), m) if m["digest"] == d && m["iterations"] == i => {}
        (e, m) => bad.push(format!("mac {m}, expected {e:?}")),
    }
    for (what, e) in [("certificates", exp.certs), ("key", exp.key)] {
        let v = &p[what];
        let ok = match e {
            Enc::Pbe(s, i) => v["scheme"] == s && v["iterations"] == i,
            Enc::Plain => v["scheme"] == "none" && v["iterations"].is_null(),
        };
        if !ok {
            bad.push(format!("{what} protection {v}, expected {e:?}"));
        }
    }
    let certs = j["certificates"].as_array().cloned().unwrap_or_default();
    let clients: Vec<_> = certs.iter().filter(|c| c["role"] == "client").collect();
    match clients.as_slice() {
        [c] => {
            if c["sha1"] != exp.client_sha1.as_str() {
                bad.push(format!(
                    "client sha1 {}, openssl says {}",
                    c["sha1"], exp.client_sha1
                ));
            }
            if c["has_private_key"] != true {
                bad.push("the client certificate has no private key".into());
            }
        }
        _ => bad.push(format!("{} client certificates, expected 1", clients.len())),
    }
    if certs
        .iter()
        .filter(|c| c["has_private_key"] == true)
        .count()
        != 1
    {
        bad.push("expected exactly one certificate with the private key".into());
    }
    match &exp.ca_sha1 {
        Some(ca) => {
            if !certs
                .iter()
                .any(|c| c["sha1"] == ca.as_str() && c["role"] == "ca")
            {
                bad.push(format!("the CA {ca} is not listed with role ca"));
            }
            if certs.len() != 2 {
                bad.push(format!("{} certificates, expected 2", certs.len()));
            }
            if j["chain"]["status"] != "verified" {
                bad.push(format!("chain {}, expected verified", j["chain"]["status"]));
            }
        }
        None => {
            if certs.len() != 1 {
                bad.push(format!("{} certificates, expected 1", certs.len()));
            }
            if j["chain"]["status"] != "issuer_missing" {
                bad.push(format!(
                    "chain {}, expected issuer_missing",
                    j["chain"]["status"]
                ));
            }
        }
    }
}
