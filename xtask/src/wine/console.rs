//! What someone at a Windows console sees of certcheck's colours (issue 22):
//! certcheck.exe runs on a real Wine console opened by
//! tests/wine/consoleprobe.c, which reads the screen buffer back (the
//! characters and their colour attributes) and the console's output mode
//! before and after. A control run shows first that the probe sees an ANSI
//! sequence land raw on a console without virtual-terminal processing.

use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::Path;

use super::prefix::{self, Wine};
use super::scenarios::Fixtures;
use super::{Cleanup, LIMIT};

/// ENABLE_VIRTUAL_TERMINAL_PROCESSING in a console output mode.
const VT: u64 = 0x0004;
/// FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE | FOREGROUND_INTENSITY.
const FOREGROUND: u64 = 0x000f;
/// FOREGROUND_RED: what a console makes of `ESC[31m`.
const RED: u64 = 0x0004;
const ESC: char = '\u{1b}';
/// A sample whose report has an error finding (a red heading when coloured).
const SAMPLE: &str = "samples/expired-aes.p12";
const SAMPLE_PASSWORD: &str = "Kaigo-Sample-2026";
/// The error finding's heading as `--lang en` prints it.
const HEADING: &str = "  [problem] The certificate has expired — cert.expired";

/// One console after a run, as consoleprobe printed it.
struct Screen {
    mode_before: u64,
    mode_after: u64,
    exit: i64,
    default_attr: u64,
    /// Each row's text (trailing blanks cut) and its cells' attributes.
    rows: Vec<(String, Vec<u64>)>,
}

impl Screen {
    fn parse(json: &[u8]) -> Result<Screen> {
        let v: Value = serde_json::from_slice(json).context("consoleprobe's JSON")?;
        let num = |k: &str| v[k].as_u64().with_context(|| format!("no {k} in {v}"));
        let mut rows = Vec::new();
        for row in v["rows"].as_array().context("no rows")? {
            let text = row["text"]
                .as_str()
                .context("a row without text")?
                .to_string();
            let mut cells = Vec::new();
            for run in row["runs"].as_array().context("a row without runs")? {
                let (attr, n) = (run[0].as_u64(), run[1].as_u64());
                let (Some(attr), Some(n)) = (attr, n) else {
                    bail!("a run is not [attr, cells]: {run}");
                };
                cells.extend(std::iter::repeat_n(attr, usize::try_from(n)?));
            }
            rows.push((text, cells));
        }
        Ok(Screen {
            mode_before: num("mode_before")?,
            mode_after: num("mode_after")?,
            exit: v["exit"].as_i64().context("no exit")?,
            default_attr: num("default_attr")?,
            rows,
        })
    }

    fn text(&self) -> String {
        let lines: Vec<&str> = self.rows.iter().map(|(t, _)| t.as_str()).collect();
        lines.join("\n")
    }

    /// Cells whose colour is not the console's default.
    fn coloured_cells(&self) -> usize {
        let default = self.default_attr;
        self.rows
            .iter()
            .flat_map(|(_, cells)| cells)
            .filter(|&&a| a != default)
            .count()
    }

    /// The foreground colours of the cells showing `needle`, on the first row
    /// that holds it (one cell per character: the texts here are ASCII).
    fn colours_of(&self, needle: &str) -> Option<Vec<u64>> {
        self.rows.iter().find_map(|(text, cells)| {
            let start = text.find(needle)?;
            let col = text[..start].chars().count();
            let len = needle.chars().count();
            Some(
                cells
                    .get(col..col + len)?
                    .iter()
                    .map(|a| a & FOREGROUND)
                    .collect(),
            )
        })
    }
}

/// Runs `program` on a fresh console through consoleprobe with `opts`, the
/// screen saved as `report`; `env` is added to a clean colour environment
/// (no NO_COLOR, no TERM).
fn probe(
    wine: &Wine,
    prefix: &Path,
    bin: &Path,
    report: &Path,
    opts: &[&str],
    program: &[String],
    env: &[(&str, &str)],
) -> Result<Screen> {
    if report.exists() {
        std::fs::remove_file(report)?;
    }
    let mut c = wine.command(prefix, &bin.join("consoleprobe.exe"));
    c.arg(prefix::windows_path(report))
        .args(opts)
        .arg("--")
        .args(program);
    c.env_remove("NO_COLOR")
        .env_remove("TERM")
        .envs(env.iter().copied());
    let out = prefix::run_with_timeout(c, LIMIT).context("consoleprobe.exe")?;
    if !out.status.success() {
        bail!(
            "consoleprobe {opts:?} failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let json = std::fs::read(report).context("consoleprobe's report")?;
    Screen::parse(&json).with_context(|| format!("see {}", report.display()))
}

pub fn run_console_colour(
    wine: &Wine,
    base: &Path,
    dir: &Path,
    bin: &Path,
    _fx: &Fixtures,
) -> Result<()> {
    let prefix = dir.join("prefix");
    std::fs::create_dir_all(dir)?;
    prefix::copy_prefix(base, &prefix)?;
    let _cleanup = Cleanup(wine, &prefix);
    let exe = |name: &str| prefix::windows_path(&bin.join(name));
    let certcheck: Vec<String> = [
        exe("certcheck.exe"),
        "check".into(),
        prefix::windows_path(&crate::windows::root().join(SAMPLE)),
    ]
    .into_iter()
    .chain(
        [
            "--password-env",
            super::scenarios::PASSWORD_ENV,
            "--at",
            "2026-12-01",
            "--lang",
            "en",
        ]
        .map(String::from),
    )
    .collect();
    let pw = [(super::scenarios::PASSWORD_ENV, SAMPLE_PASSWORD)];
    let control = vec![exe("consoleprobe.exe"), "write".into()];
    let run = |name: &str, opts: &[&str], program: &[String], env: &[(&str, &str)]| {
        probe(
            wine,
            &prefix,
            bin,
            &dir.join(format!("{name}.json")),
            opts,
            program,
            env,
        )
        .with_context(|| name.to_string())
    };

    // The control: with virtual-terminal processing off, the sequence lands
    // on the screen as characters, uncoloured. So the probe sees the failure.
    let sequence = "\u{1b}[31mcontrol-red\u{1b}[0m plain";
    let off = run("control-vt-off", &[], &control, &[])?;
    if !off.text().contains(sequence) || off.coloured_cells() != 0 {
        bail!(
            "control: an ANSI sequence written with VT processing off did not land raw: {:?}",
            off.text()
        );
    }
    // With it on, a console that renders the sequences (Windows 10 and later)
    // shows red text; Wine 8's console keeps them as characters in either
    // mode, so there the screen shows what certcheck wrote, as written.
    let on = run("control-vt-on", &["--vt"], &control, &[])?;
    let renders = !on.text().contains(ESC);
    if renders && on.colours_of("control-red") != Some(vec![RED; "control-red".len()]) {
        bail!("control: VT processing on, the sequence is gone but the text is not red");
    }
    if !renders && !on.text().contains(sequence) {
        bail!("control: VT processing on: {:?}", on.text());
    }

    // A console user's run: certcheck switches VT processing on (and leaves
    // it on, so the mode after the run is the mode its colours were written
    // in) and colours the error heading.
    let shown = run("default", &[], &certcheck, &pw)?;
    if shown.exit != 2 {
        bail!(
            "certcheck on the console exited {} (expected 2)",
            shown.exit
        );
    }
    if shown.mode_before & VT != 0 || shown.mode_after & VT == 0 {
        bail!(
            "certcheck wrote to a console whose VT processing it did not switch on (mode {:#x} -> {:#x}): {:?}",
            shown.mode_before,
            shown.mode_after,
            shown.text().lines().find(|l| l.contains("cert.expired"))
        );
    }
    let red_heading = format!("\u{1b}[31m{HEADING}\u{1b}[0m");
    let coloured = if renders {
        !shown.text().contains(ESC)
            && shown.colours_of(HEADING) == Some(vec![RED; HEADING.chars().count()])
    } else {
        // The one red heading, and no sequence anywhere else.
        shown.text().contains(&red_heading) && shown.text().matches(ESC).count() == 2
    };
    if !coloured {
        bail!(
            "the error heading is not shown red: {:?}",
            shown.text().lines().find(|l| l.contains("cert.expired"))
        );
    }

    // NO_COLOR: no colour, no sequence, and the console's mode left alone.
    let plain = run("no-color", &[], &certcheck, &[pw[0], ("NO_COLOR", "1")])?;
    expect_plain(&plain, "NO_COLOR=1")?;
    if plain.mode_after != plain.mode_before {
        bail!(
            "NO_COLOR=1: certcheck changed the console's mode ({:#x} -> {:#x})",
            plain.mode_before,
            plain.mode_after
        );
    }

    // VT processing that cannot be switched on: standard error is not a
    // console (NUL), so anstyle-query's switch fails and certcheck falls
    // back to no colour on the console it writes to.
    let fallback = run("vt-fails", &["--stderr-nul"], &certcheck, &pw)?;
    expect_plain(
        &fallback,
        "VT processing not enabled (standard error is NUL)",
    )?;

    // Output to a file from a console: no colour in the file.
    let file = dir.join("redirected.txt");
    if file.exists() {
        std::fs::remove_file(&file)?;
    }
    let redirected = run(
        "redirected",
        &["--stdout-file", &prefix::windows_path(&file)],
        &certcheck,
        &pw,
    )?;
    let bytes = std::fs::read(&file).context("the redirected output")?;
    if bytes.contains(&0x1b) || !String::from_utf8_lossy(&bytes).contains(HEADING) {
        bail!(
            "output redirected to a file holds an escape byte or lacks the heading (see {})",
            file.display()
        );
    }
    if redirected.exit != 2 || redirected.mode_after != redirected.mode_before {
        bail!(
            "redirected output: exit {}, the console's mode {:#x} -> {:#x} (left alone expected)",
            redirected.exit,
            redirected.mode_before,
            redirected.mode_after
        );
    }

    drop(_cleanup);
    std::fs::remove_dir_all(&prefix)?;
    Ok(())
}

/// No escape character and no colour anywhere on the screen, the heading shown.
fn expect_plain(s: &Screen, case: &str) -> Result<()> {
    let text = s.text();
    if s.exit != 2 || !text.contains(HEADING) {
        bail!(
            "{case}: exit {} and the screen lacks the heading: {text:?}",
            s.exit
        );
    }
    if text.contains(ESC) {
        bail!("{case}: an escape character on the screen: {text:?}");
    }
    if s.coloured_cells() != 0 {
        bail!("{case}: {} coloured cells", s.coloured_cells());
    }
    Ok(())
}
