//! Escaping for text put into generated HTML: core's, shared with the HTML report.

pub use certcheck_core::html::escape;
