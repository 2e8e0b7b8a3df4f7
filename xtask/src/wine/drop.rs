//! Files dropped on certcheck.exe, and double-click, with the report saved on
//! the Desktop; and the zip handed to staff PCs that the .exe comes from.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

use super::prefix::{self, Wine};
use super::scenarios::{self, Fill, Fixtures, Loc};
use super::{Cleanup, LIMIT, fill};

/// The Unix path of the file named after `label` in certcheck's output.
fn printed_path(prefix: &Path, text: &str, label: &str) -> Result<PathBuf> {
    let line = text
        .lines()
        .find_map(|l| l.split_once(label).map(|(_, p)| p.trim()))
        .with_context(|| format!("no {label:?} in the output"))?;
    prefix::unix_path(prefix, line).with_context(|| format!("{line:?} is not a Wine path"))
}

/// One run in double-click mode (forced: Wine gives a piped process no
/// console of its own) with `files` as the only arguments and `input` typed.
fn run(
    wine: &Wine,
    prefix: &Path,
    bin: &Path,
    files: &[&Path],
    input: &str,
    save_as: &Path,
) -> Result<(i32, String)> {
    let mut c = wine.command(prefix, &bin.join("certcheck.exe"));
    c.env("CERTCHECK_DOUBLE_CLICK", "1");
    c.args(files.iter().map(|f| prefix::windows_path(f)));
    let out = prefix::run_with_input(c, Some(input), LIMIT).context("certcheck.exe")?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    std::fs::write(
        save_as,
        format!(
            "{text}\n--- stderr\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    )?;
    if text.contains(scenarios::PASSWORD) {
        bail!("the output shows the password");
    }
    for want in ["手順のガイド", "Enter キーを押すと、この画面を閉じます"] {
        if !text.contains(want) {
            bail!("the output lacks {want:?} (see {})", save_as.display());
        }
    }
    let code = out.status.code().context("killed")?;
    Ok((code, text))
}

/// Checks a saved report and returns its content.
fn report(path: &Path, wants: &[&str]) -> Result<String> {
    let html = std::fs::read_to_string(path)
        .with_context(|| format!("the printed report {} is not on disk", path.display()))?;
    for want in ["<!DOCTYPE html>", "Windows "].iter().chain(wants) {
        if !html.contains(want) {
            bail!("the report {} lacks {want:?}", path.display());
        }
    }
    if html.contains(scenarios::PASSWORD) {
        bail!("the report holds the password");
    }
    Ok(html)
}

/// Wine links each user's Desktop to the Unix home; reports must land inside
/// the prefix instead (as on Windows, a folder of the profile).
fn own_desktop(prefix: &Path) -> Result<()> {
    for user in std::fs::read_dir(prefix.join("drive_c/users"))? {
        let desktop = user?.path().join("Desktop");
        if desktop
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            std::fs::remove_file(&desktop)?;
            std::fs::create_dir(&desktop)?;
        }
    }
    Ok(())
}

pub fn run_drag_and_drop(
    wine: &Wine,
    base: &Path,
    dir: &Path,
    bin: &Path,
    fx: &Fixtures,
) -> Result<()> {
    let prefix = dir.join("prefix");
    std::fs::create_dir_all(dir)?;
    prefix::copy_prefix(base, &prefix)?;
    let _cleanup = Cleanup(wine, &prefix);
    own_desktop(&prefix)?;
    fill(
        wine,
        &prefix,
        bin,
        fx,
        &[Fill::Pfx("current", Loc::User, true), Fill::Root(Loc::User)],
    )?;
    wine.kill(&prefix);
    let stores_before = prefix::store_snapshot(&prefix)?;
    let pw = scenarios::PASSWORD;
    let current = fx.dir.join("current.p12");
    let renewed = fx.dir.join("renewed.p12");

    // One file dropped: password, Enter to save the report, Enter to close.
    let (code, text) = run(
        wine,
        &prefix,
        bin,
        &[&current],
        &format!("{pw}\n\n\n"),
        &dir.join("drop-1.txt"),
    )?;
    for want in [
        "判定: 問題なし",
        "doctor.file_installed",
        "報告書を保存しました",
    ] {
        if !text.contains(want) {
            bail!("dropping current.p12: the output lacks {want:?}");
        }
    }
    if code != 0 {
        bail!("dropping current.p12 exited {code}");
    }
    // The guide is embedded in the .exe from the zip: its cached copy is on disk.
    let guide = printed_path(&prefix, &text, "手順のガイド: ")?;
    if !guide.is_file() {
        bail!(
            "the guide the output points at is missing: {}",
            guide.display()
        );
    }
    // The exe's own guide has the file checker (build.rs embeds what xtask built).
    let checker = guide.with_file_name(crate::wasm::SCRIPT_FILE);
    if !checker.is_file() {
        let msg = format!(
            "the .exe's guide has no file checker: {} is missing",
            checker.display()
        );
        if std::env::var("CERTCHECK_CI").is_ok_and(|v| v == "1") {
            bail!("{msg}");
        }
        eprintln!("!!! {msg} (the WebAssembly tools are missing?)");
    }
    let first_path = printed_path(&prefix, &text, "報告書を保存しました: ")?;
    if std::fs::canonicalize(&first_path)?
        .strip_prefix(std::fs::canonicalize(&prefix)?)
        .is_err()
    {
        bail!(
            "the report went outside the Wine prefix: {}",
            first_path.display()
        );
    }
    let name = first_path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let on_desktop = first_path.parent().is_some_and(|d| d.ends_with("Desktop"));
    if !(name.starts_with("certcheck-確認結果-20") && name.ends_with(".html") && on_desktop) {
        bail!(
            "the report is not a dated file on the Desktop: {}",
            first_path.display()
        );
    }
    // doctor.file_installed's text (the code itself is escaped in the HTML).
    let installed = "確認したファイルの証明書が、この Windows ユーザーの「個人」に入っています";
    let first = report(&first_path, &[installed, fx.sha1("current")])?;

    // Dropped again the same day: a new name, the first report untouched.
    let (_, text) = run(
        wine,
        &prefix,
        bin,
        &[&current],
        &format!("{pw}\n\n\n"),
        &dir.join("drop-2.txt"),
    )?;
    let second_path = printed_path(&prefix, &text, "報告書を保存しました: ")?;
    if second_path == first_path || !second_path.to_string_lossy().ends_with(" (2).html") {
        bail!(
            "the second report is {} (first {})",
            second_path.display(),
            first_path.display()
        );
    }
    report(&second_path, &[])?;
    if std::fs::read_to_string(&first_path)? != first {
        bail!("the second run changed the first report");
    }

    // Old (installed) and renewed (not yet) dropped together go to doctor
    // together: each file is matched against the store; "n" saves nothing.
    let (code, text) = run(
        wine,
        &prefix,
        bin,
        &[&current, &renewed],
        &format!("{pw}\n{pw}\nn\n\n"),
        &dir.join("drop-two.txt"),
    )?;
    for want in [
        "doctor.file_installed",
        "doctor.file_not_installed",
        "renewed.p12",
        "報告書は保存しませんでした",
    ] {
        if !text.contains(want) {
            bail!("dropping old and renewed: the output lacks {want:?}");
        }
    }
    if code != 2 {
        bail!("dropping old and renewed (renewed not installed) exited {code}, expected 2");
    }

    // Double-click without a file offers the report too.
    let (code, text) = run(
        wine,
        &prefix,
        bin,
        &[],
        "\n\n",
        &dir.join("double-click.txt"),
    )?;
    let third = printed_path(&prefix, &text, "報告書を保存しました: ")?;
    if code != 0 || !third.to_string_lossy().ends_with(" (3).html") {
        bail!("double-click: exit {code}, report {}", third.display());
    }
    report(&third, &["store.installed"])?;

    wine.kill(&prefix);
    if prefix::store_snapshot(&prefix)? != stores_before {
        bail!("the certificate stores changed while certcheck ran (it must only read)");
    }
    drop(_cleanup);
    std::fs::remove_dir_all(&prefix)?;
    Ok(())
}

/// The zip's layout: the .exe, the read-me (UTF-8 with BOM, CRLF, Japanese
/// name flagged as UTF-8 so Explorer shows it), the guide folder.
pub fn check_zip(zip_path: &Path) -> Result<()> {
    use crate::dist::{GUIDE_FOLDER, README_NAME};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path)?)?;
    let names = archive
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<Vec<String>, _>>()?;
    for want in [
        "certcheck.exe".to_string(),
        README_NAME.to_string(),
        format!("{GUIDE_FOLDER}/index.html"),
        format!("{GUIDE_FOLDER}/troubleshooting.html"),
        format!("{GUIDE_FOLDER}/searchindex-ja.js"),
    ] {
        if !names.contains(&want) {
            bail!("{} lacks {want}", zip_path.display());
        }
    }
    let mut readme = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(README_NAME)?, &mut readme)?;
    let version = crate::dist::version()?;
    if !readme.starts_with('\u{feff}')
        || readme.replace("\r\n", "").contains('\n')
        || !readme.contains(&format!("certcheck {version}"))
    {
        bail!("the read-me is not UTF-8 with BOM and CRLF naming version {version}");
    }
    // General purpose bit 11 in the central directory entry of the read-me.
    let raw = std::fs::read(zip_path)?;
    let name = README_NAME.as_bytes();
    let flagged = raw.windows(46 + name.len()).any(|w| {
        w.starts_with(b"PK\x01\x02")
            && &w[46..] == name
            && u16::from_le_bytes([w[8], w[9]]) & 0x800 != 0
    });
    if !flagged {
        bail!("the read-me's name is not flagged as UTF-8 in the zip");
    }
    Ok(())
}
