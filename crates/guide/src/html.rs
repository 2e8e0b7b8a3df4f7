//! Escaping for text put into generated HTML: the catalog's, shared with the HTML report.

pub use certcheck_catalog::escape_html as escape;
