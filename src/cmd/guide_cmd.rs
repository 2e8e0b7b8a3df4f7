//! `certcheck guide [--export DIR | --path]`.

use anyhow::Result;

use crate::cli::GuideArgs;
use crate::guide;

pub fn run(args: &GuideArgs) -> Result<i32> {
    if let Some(dir) = &args.export {
        let index = guide::export(dir, false)?;
        println!("{}", index.display());
        return Ok(0);
    }
    let index = guide::cached()?;
    if args.path {
        println!("{}", index.display());
        return Ok(0);
    }
    println!("ガイド / guide: {}", index.display());
    if let Err(e) = guide::open_in_browser(&index) {
        eprintln!(
            "ブラウザを開けませんでした。上のファイルをダブルクリックしてください。/ could not open a browser ({e}); open the file above."
        );
    }
    Ok(0)
}
