//! `certcheck guide [--export DIR | --path]`.

use anyhow::Result;

use certcheck_report::visible;

use crate::cli::GuideArgs;
use crate::{guide, output};

pub fn run(args: &GuideArgs) -> Result<i32> {
    if let Some(dir) = &args.export {
        let index = guide::export(dir)?;
        output::emit(&format!("{}\n", visible(&index.display().to_string())))?;
        return Ok(0);
    }
    let index = guide::cached()?;
    let shown = visible(&index.display().to_string()).into_owned();
    if args.path {
        output::emit(&format!("{shown}\n"))?;
        return Ok(0);
    }
    output::emit(&format!("ガイド / guide: {shown}\n"))?;
    if let Err(e) = guide::open_in_browser(&index) {
        output::warn(&format!(
            "ブラウザを開けませんでした。上のファイルをダブルクリックしてください。/ could not open a browser ({e}); open the file above."
        ));
    }
    Ok(0)
}
