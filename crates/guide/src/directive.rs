//! Parses the guide's Markdown directives into a tree.
//!
//! A directive is a line starting with `:::`. Containers (`step`, `only`,
//! `point`, `caution`, `more`) hold Markdown until a line that is just `:::`;
//! leaves (`mock`, `chooser`, `calculator`, `stepnav`, `findings`,
//! `checker`) stand alone.
//! Everything else is plain Markdown and passes through untouched, so chapters
//! stay editable by people who do not write HTML. Lines inside fenced code
//! blocks are never directives, so the syntax can be documented in the book.

/// A container directive: its body is Markdown (with nested directives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A numbered procedure step: `::: step 3 for=agent タイトル`.
    Step,
    /// Content for one path only: `::: only agent offset`.
    Only,
    /// A "Point" box.
    Point,
    /// A caution box.
    Caution,
    /// Extra prose for one finding code on the troubleshooting page: `::: more password.wrong`.
    More,
}

/// A leaf directive: replaced by generated HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    /// A drawn screen: `::: mock NAME caption`.
    Mock,
    /// The path chooser form.
    Chooser,
    /// The renewal calculator form.
    Calculator,
    /// The list of this chapter's steps with their states.
    StepNav,
    /// One section per finding code of the catalog.
    Findings,
    /// The in-page file check (certcheck's core as WebAssembly).
    Checker,
}

impl Container {
    fn from_name(name: &str) -> Option<Container> {
        Some(match name {
            "step" => Container::Step,
            "only" => Container::Only,
            "point" => Container::Point,
            "caution" => Container::Caution,
            "more" => Container::More,
            _ => return None,
        })
    }
}

impl Leaf {
    fn from_name(name: &str) -> Option<Leaf> {
        Some(match name {
            "mock" => Leaf::Mock,
            "chooser" => Leaf::Chooser,
            "calculator" => Leaf::Calculator,
            "stepnav" => Leaf::StepNav,
            "findings" => Leaf::Findings,
            "checker" => Leaf::Checker,
            _ => return None,
        })
    }
}

/// One piece of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Plain Markdown lines, newline-terminated.
    Text(String),
    Block {
        kind: Container,
        args: String,
        line: usize,
        children: Vec<Node>,
    },
    Leaf {
        kind: Leaf,
        args: String,
        line: usize,
    },
}

/// A syntax error with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// An open container: its kind, arguments and line.
type Open = (Container, String, usize);

/// Parses a chapter's Markdown into nodes.
pub fn parse(markdown: &str) -> Result<Vec<Node>, ParseError> {
    // A stack of open containers; the bottom entry is the chapter itself.
    let mut stack: Vec<(Option<Open>, Vec<Node>)> = vec![(None, Vec::new())];
    let mut fence: Option<String> = None;

    for (idx, raw) in markdown.split_inclusive('\n').enumerate() {
        let line_no = idx + 1;
        let trimmed = raw.trim();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                fence = None;
            }
            push_text(&mut stack, raw);
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            push_text(&mut stack, raw);
            continue;
        }
        let Some(rest) = trimmed.strip_prefix(":::") else {
            push_text(&mut stack, raw);
            continue;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            let (open, children) = stack.pop().expect("the stack always holds the chapter");
            let Some((kind, args, line)) = open else {
                return Err(ParseError {
                    line: line_no,
                    message: "`:::` closes nothing".into(),
                });
            };
            top(&mut stack).push(Node::Block {
                kind,
                args,
                line,
                children,
            });
            continue;
        }
        let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let args = args.trim().to_string();
        if let Some(kind) = Container::from_name(name) {
            stack.push((Some((kind, args, line_no)), Vec::new()));
        } else if let Some(kind) = Leaf::from_name(name) {
            top(&mut stack).push(Node::Leaf {
                kind,
                args,
                line: line_no,
            });
        } else {
            return Err(ParseError {
                line: line_no,
                message: format!("unknown directive `::: {name}`"),
            });
        }
    }
    if stack.len() > 1 {
        let (open, _) = stack.pop().expect("checked");
        let (kind, _, line) = open.expect("only the bottom entry has no directive");
        return Err(ParseError {
            line,
            message: format!("{kind:?} directive is never closed with `:::`"),
        });
    }
    Ok(stack.pop().expect("the chapter").1)
}

fn top<T>(stack: &mut [(T, Vec<Node>)]) -> &mut Vec<Node> {
    &mut stack
        .last_mut()
        .expect("the stack always holds the chapter")
        .1
}

fn push_text<T>(stack: &mut [(T, Vec<Node>)], line: &str) {
    let nodes = top(stack);
    match nodes.last_mut() {
        Some(Node::Text(text)) => text.push_str(line),
        _ => nodes.push(Node::Text(line.to_string())),
    }
}

/// The closing marker of a code fence opened by `line`, if it opens one.
fn fence_marker(line: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let n = line.chars().take_while(|&c| c == ch).count();
        if n >= 3 {
            return Some(std::iter::repeat_n(ch, n).collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_markdown_passes_through_as_one_text_node() {
        let md = "# Title\n\nSome *text*.\n";
        assert_eq!(parse(md).unwrap(), vec![Node::Text(md.into())]);
    }

    #[test]
    fn containers_nest_and_leaves_stand_alone() {
        let md = "intro\n::: step 2 申請する\n- [ ] a\n::: only agent\n::: mock menu-agent 見本\n:::\n:::\nafter\n";
        let nodes = parse(md).unwrap();
        assert_eq!(nodes.len(), 3);
        let Node::Block {
            kind,
            args,
            line,
            children,
        } = &nodes[1]
        else {
            panic!("{nodes:?}")
        };
        assert_eq!(
            (*kind, args.as_str(), *line),
            (Container::Step, "2 申請する", 2)
        );
        assert_eq!(children[0], Node::Text("- [ ] a\n".into()));
        let Node::Block {
            kind: Container::Only,
            args,
            children: inner,
            ..
        } = &children[1]
        else {
            panic!("{children:?}")
        };
        assert_eq!(args, "agent");
        assert_eq!(
            inner,
            &vec![Node::Leaf {
                kind: Leaf::Mock,
                args: "menu-agent 見本".into(),
                line: 5
            }]
        );
        assert_eq!(nodes[2], Node::Text("after\n".into()));
    }

    #[test]
    fn directives_inside_code_fences_are_text() {
        let md = "```text\n::: step 1 x\n```\n";
        assert_eq!(parse(md).unwrap(), vec![Node::Text(md.into())]);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(parse("a\n::: nonsense\n").unwrap_err().line, 2);
        assert!(
            parse("a\n::: nonsense\n")
                .unwrap_err()
                .message
                .contains("nonsense")
        );
        assert_eq!(parse("a\n\n:::\n").unwrap_err().line, 3);
        let unclosed = parse("::: point\ntext\n").unwrap_err();
        assert_eq!(unclosed.line, 1);
        assert!(unclosed.message.contains("never closed"));
    }
}
