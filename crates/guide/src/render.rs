//! Turns a parsed chapter back into Markdown with the directives replaced by
//! HTML blocks. Generated HTML is kept free of blank lines so Markdown never
//! splits it; container bodies stay Markdown between the opening and closing tags.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::audience::Audience;
use crate::directive::{Container, Leaf, Node, parse};
use crate::widgets::{StepInfo, calculator, checker, chooser, step_nav};
use crate::{findings_page, mock};

/// What rendering needs to know besides the Markdown.
pub struct RenderContext<'a> {
    /// Where `::: mock NAME` looks for `NAME.html`.
    pub mocks_dir: &'a Path,
}

/// A rendering error: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    pub line: usize,
    pub message: String,
}

/// Renders one chapter.
pub fn render_chapter(markdown: &str, ctx: &RenderContext) -> Result<String, RenderError> {
    let nodes = parse(markdown).map_err(|e| RenderError {
        line: e.line,
        message: e.message,
    })?;
    let mut r = Renderer {
        ctx,
        steps: Vec::new(),
        extras: BTreeMap::new(),
        actions: BTreeSet::new(),
        badges: Vec::new(),
    };
    r.collect(&nodes)?;
    let mut out = String::new();
    r.nodes(&nodes, None, &mut out)?;
    // Every numbered badge drawn on a mock-up must match an action in the text.
    if let Some((line, badge)) = r.badges.iter().find(|(_, b)| !r.actions.contains(b)) {
        return Err(RenderError {
            line: *line,
            message: format!(
                "mock-up badge {badge:?} matches no numbered action (- [ ] item) in this chapter"
            ),
        });
    }
    Ok(out)
}

struct Renderer<'a> {
    ctx: &'a RenderContext<'a>,
    steps: Vec<StepInfo>,
    extras: BTreeMap<String, String>,
    /// Action numbers such as "2-3", for checking mock-up badges.
    actions: BTreeSet<String>,
    badges: Vec<(usize, String)>,
}

/// The arguments of `::: step`: `N [for=WORDS] title`.
struct StepArgs {
    number: u32,
    audience: Option<Audience>,
    title: String,
}

fn step_args(args: &str, line: usize) -> Result<StepArgs, RenderError> {
    let err = |message: String| RenderError { line, message };
    let mut words = args.split_whitespace();
    let number = words
        .next()
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or_else(|| err("`::: step` needs a number: `::: step 3 タイトル`".into()))?;
    let mut audience = None;
    let mut title = Vec::new();
    for word in words {
        match word.strip_prefix("for=") {
            Some(w) => audience = Some(Audience::parse(&w.replace(',', " ")).map_err(err)?),
            None => title.push(word),
        }
    }
    if title.is_empty() {
        return Err(err(format!("step {number} has no title")));
    }
    Ok(StepArgs {
        number,
        audience,
        title: title.join(" "),
    })
}

impl Renderer<'_> {
    fn err(&self, line: usize, message: impl Into<String>) -> RenderError {
        RenderError {
            line,
            message: message.into(),
        }
    }

    /// First pass: the steps (for `::: stepnav`) and the extra finding prose.
    fn collect(&mut self, nodes: &[Node]) -> Result<(), RenderError> {
        for node in nodes {
            if let Node::Block {
                kind,
                args,
                line,
                children,
            } = node
            {
                match kind {
                    Container::Step => {
                        let a = step_args(args, *line)?;
                        if self.steps.iter().any(|s| s.number == a.number) {
                            return Err(self.err(*line, format!("step {} appears twice", a.number)));
                        }
                        self.steps.push(StepInfo {
                            number: a.number,
                            title: a.title,
                            audience: a.audience,
                        });
                    }
                    Container::More => {
                        let code = args.trim().to_string();
                        let mut body = String::new();
                        self.nodes(children, None, &mut body)?;
                        if self.extras.insert(code.clone(), body).is_some() {
                            return Err(self.err(*line, format!("`::: more {code}` appears twice")));
                        }
                    }
                    _ => {}
                }
                self.collect(children)?;
            }
        }
        Ok(())
    }

    fn nodes(
        &mut self,
        nodes: &[Node],
        step: Option<u32>,
        out: &mut String,
    ) -> Result<(), RenderError> {
        for node in nodes {
            match node {
                Node::Text(text) => match step {
                    Some(n) => out.push_str(&self.actions_in(text, n)),
                    None => out.push_str(text),
                },
                Node::Leaf { kind, args, line } => self.leaf(*kind, args, *line, out)?,
                Node::Block {
                    kind,
                    args,
                    line,
                    children,
                } => self.block(*kind, args, *line, children, step, out)?,
            }
        }
        Ok(())
    }

    fn block(
        &mut self,
        kind: Container,
        args: &str,
        line: usize,
        children: &[Node],
        step: Option<u32>,
        out: &mut String,
    ) -> Result<(), RenderError> {
        match kind {
            Container::Step => {
                if step.is_some() {
                    return Err(self.err(line, "steps cannot be nested"));
                }
                let a = step_args(args, line)?;
                let n = a.number;
                let data_for = a
                    .audience
                    .map(|au| format!(" data-for=\"{}\"", au.data_for()))
                    .unwrap_or_default();
                if let Some(au) = a.audience {
                    // Shown (by CSS) exactly when the step is hidden, so a
                    // reader on another path knows why the number is skipped.
                    out.push_str(&format!(
                        "\n<p class=\"cc-skipped\" data-skip=\"{}\">ステップ {n}「{}」は{}だけの手順なので、あなたの場合はありません。そのまま次のステップへ進んでください。</p>\n",
                        au.data_for(),
                        crate::html::escape(&a.title),
                        au.label(),
                    ));
                }
                out.push_str(&format!(
                    "\n<section class=\"cc-step\" data-step=\"{n}\"{data_for}>\n\n## {n}. {title} {{#step-{n}}}\n\n",
                    title = a.title
                ));
                let mut head = String::new();
                if let Some(au) = a.audience {
                    head.push_str(&format!("<p class=\"cc-for\">{}のみ</p>\n", au.label()));
                }
                head.push_str("<p class=\"cc-step-progress cc-js-only\">チェック <span class=\"cc-step-count\">0 / 0</span></p>\n\n");
                out.push_str(&head);
                self.nodes(children, Some(n), out)?;
                out.push_str("\n\n</section>\n\n");
            }
            Container::Only => {
                let au = Audience::parse(args).map_err(|m| self.err(line, m))?;
                out.push_str(&format!(
                    "\n<div class=\"cc-only\" data-for=\"{}\">\n<p class=\"cc-for\">{}</p>\n\n",
                    au.data_for(),
                    au.label()
                ));
                self.nodes(children, step, out)?;
                out.push_str("\n\n</div>\n\n");
            }
            Container::Point | Container::Caution => {
                let (class, title) = if kind == Container::Point {
                    ("cc-point", "ポイント")
                } else {
                    ("cc-caution", "注意")
                };
                out.push_str(&format!(
                    "\n<aside class=\"{class}\" aria-label=\"{title}\">\n<p class=\"cc-box-title\">{title}</p>\n\n"
                ));
                self.nodes(children, step, out)?;
                out.push_str("\n\n</aside>\n\n");
            }
            // Collected in the first pass and placed by `::: findings`.
            Container::More => {}
        }
        Ok(())
    }

    fn leaf(
        &mut self,
        kind: Leaf,
        args: &str,
        line: usize,
        out: &mut String,
    ) -> Result<(), RenderError> {
        let html = match kind {
            Leaf::Chooser => chooser(),
            Leaf::Calculator => calculator(),
            Leaf::Checker => checker(),
            Leaf::StepNav => step_nav(&self.steps),
            Leaf::Findings => {
                findings_page::sections(&self.extras).map_err(|m| self.err(line, m))?
            }
            Leaf::Mock => {
                let (name, caption) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
                if name.is_empty() {
                    return Err(self.err(line, "`::: mock` needs a name: `::: mock NAME 説明`"));
                }
                let m = mock::load(self.ctx.mocks_dir, name, caption.trim())
                    .map_err(|m| self.err(line, m))?;
                self.badges.extend(m.badges.into_iter().map(|b| (line, b)));
                m.html
            }
        };
        out.push('\n');
        out.push_str(&html);
        out.push('\n');
        Ok(())
    }

    /// Rewrites task items (`- [ ] text`) inside step `n` into numbered checkboxes.
    fn actions_in(&mut self, text: &str, n: u32) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        for line in text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            let body = &line[indent..];
            let item = ["- [ ] ", "* [ ] ", "+ [ ] "]
                .iter()
                .find_map(|p| body.strip_prefix(p));
            match item {
                Some(rest) => {
                    let k = self
                        .actions
                        .iter()
                        .filter(|a| a.starts_with(&format!("{n}-")))
                        .count()
                        + 1;
                    let num = format!("{n}-{k}");
                    out.push_str(&line[..indent]);
                    out.push_str(&format!(
                        "- <label class=\"cc-action\"><input type=\"checkbox\" class=\"cc-check\" data-key=\"s{num}\"> \
                         <span class=\"cc-num\">{num}</span> {}</label>\n",
                        rest.trim_end()
                    ));
                    self.actions.insert(num);
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

/// Escaped step title for tests of the generated heading.
#[cfg(test)]
fn heading_of(out: &str, n: u32) -> Option<&str> {
    let marker = format!("{{#step-{n}}}");
    out.lines().find(|l| l.ends_with(&marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> Result<String, RenderError> {
        let dir = std::env::temp_dir();
        render_chapter(md, &RenderContext { mocks_dir: &dir })
    }

    #[test]
    fn steps_get_a_heading_anchor_progress_and_numbered_checkboxes() {
        let out = render(
            "::: step 2 申請する\n- [ ] 「証明書」をクリック\n- [ ] [次へ]をクリック\n:::\n",
        )
        .unwrap();
        assert_eq!(heading_of(&out, 2), Some("## 2. 申請する {#step-2}"));
        assert!(out.contains("<section class=\"cc-step\" data-step=\"2\">"));
        assert!(out.contains("data-key=\"s2-1\""));
        assert!(out.contains("<span class=\"cc-num\">2-2</span> [次へ]をクリック</label>"));
        assert!(out.contains("cc-step-count"));
    }

    #[test]
    fn task_items_outside_steps_stay_markdown() {
        let md = "- [ ] not an action\n";
        assert_eq!(render(md).unwrap(), md);
    }

    #[test]
    fn path_blocks_carry_data_for_and_a_visible_label() {
        let out =
            render("::: step 3 for=agent 区分を選ぶ\n::: only offset\n- [ ] ID を入力\n:::\n:::\n")
                .unwrap();
        assert!(out.contains("data-step=\"3\" data-for=\"agent\""));
        assert!(out.contains("<p class=\"cc-for\">代理人請求の場合のみ</p>"));
        assert!(out.contains("<div class=\"cc-only\" data-for=\"agent offset\">"));
        assert!(out.contains("代理人請求で支払方法が「相殺」の場合"));
        assert!(out.contains("data-key=\"s3-1\""));
        assert!(out.contains(
            "<p class=\"cc-skipped\" data-skip=\"agent\">ステップ 3「区分を選ぶ」は代理人請求の場合だけの手順"
        ));
    }

    #[test]
    fn step_nav_lists_steps_declared_later_in_the_chapter() {
        let out =
            render("::: stepnav\n::: step 1 ログイン\n:::\n::: step 5 for=transfer 請求書\n:::\n")
                .unwrap();
        let nav_end = out.find("</nav>").unwrap();
        assert!(out[..nav_end].contains("href=\"#step-1\""));
        assert!(out[..nav_end].contains("data-step=\"5\" data-for=\"agent transfer\""));
    }

    #[test]
    fn bad_input_is_reported_with_its_line() {
        assert_eq!(
            render("x\n::: step two タイトル\n:::\n").unwrap_err().line,
            2
        );
        assert!(
            render("::: step 1 a\n:::\n::: step 1 b\n:::\n")
                .unwrap_err()
                .message
                .contains("twice")
        );
        assert!(
            render("::: only everyone\n:::\n")
                .unwrap_err()
                .message
                .contains("everyone")
        );
        assert!(
            render("::: step 1 a\n::: step 2 b\n:::\n:::\n")
                .unwrap_err()
                .message
                .contains("nested")
        );
        assert!(
            render("::: mock no-such-mock-file\n")
                .unwrap_err()
                .message
                .contains("no-such-mock-file")
        );
    }

    #[test]
    fn findings_sections_include_extra_prose_from_more_blocks() {
        let out = render("::: findings\n::: more file.empty\n空のときの補足。\n:::\n").unwrap();
        let start = out.find("{#file-empty}").unwrap();
        let end = start + out[start..].find("</section>").unwrap();
        assert!(out[start..end].contains("空のときの補足。"));
        assert_eq!(out.matches("空のときの補足。").count(), 1);
    }

    #[test]
    fn the_checker_is_a_password_field_that_is_never_remembered() {
        let out = render("前\n::: checker\n後\n").unwrap();
        assert!(
            out.contains(r#"<input type="password" name="cc-checker-password" autocomplete="off""#)
        );
        assert!(out.contains(r#"<input type="file" name="cc-checker-file""#));
        assert!(out.contains("このパソコンの外に送られません"));
        assert!(out.contains("certcheck.html#store"));
        assert!(out.starts_with("前") && out.trim_end().ends_with("後"));
    }
}
