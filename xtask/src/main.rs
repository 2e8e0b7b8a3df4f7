//! Build chores: `cargo xtask <task>`. Each task lives in its own module.
#![forbid(unsafe_code)]

use anyhow::{Result, bail};

mod book;
mod browser;
mod dist;
mod pe_version;
mod samples;
mod test;
mod wasm;
mod windows;
mod wine;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match task.as_str() {
        "help" | "" => {
            println!(
                "cargo xtask <task>\n\ntasks:\n  test       run every test suite: lint, rust, wasm, browser, wine [names to pick some]\n  browser-test  build the guide and test it in Chromium\n  wine-test  test certcheck.exe (from the --windows zip) under Wine\n  book       build the guide [--out DIR]\n  samples    rebuild samples/\n  windows    cross-build certcheck.exe\n  dist       release build with the guide, completions and man page (target/dist)\n             --windows: certcheck-VERSION-windows-x86_64.zip for staff PCs"
            );
            Ok(())
        }
        "book" => book::run(&rest).map(drop),
        "browser-test" => browser::run(&rest),
        "windows" => windows::run(&rest),
        "wine-test" => wine::run(&rest),
        "samples" => samples::run(&rest),
        "dist" => dist::run(&rest),
        "test" => test::run(&rest),
        other => bail!(
            "unknown task {other:?}; try `cargo xtask help` ({} argument(s) given)",
            rest.len()
        ),
    }
}
