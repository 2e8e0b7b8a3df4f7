//! The JSON report reader and its printers on any bytes, as `certcheck report
//! view` and `doctor --report` would meet a forged report: no panic, and
//! nothing that could drive a terminal or become markup gets through.
#![no_main]

use certcheck_core::findings::Lang;
use certcheck_report::{parse_json_report, render_html, render_markdown_for_terminal};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = parse_json_report(data) else {
        return;
    };
    for lang in [Lang::Ja, Lang::En] {
        let shown = render_markdown_for_terminal(&doc, lang);
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the terminal"
        );
        let html = render_html(&doc, lang);
        assert!(!html.contains("<a "), "a link in the HTML report");
        assert!(!html.contains("<img"), "an image in the HTML report");
        assert!(!html.contains("<script"), "a script in the HTML report");
    }
});
