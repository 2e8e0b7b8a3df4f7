//! Who a piece of the procedure applies to: the path a reader chooses.

/// A set of path words: `office`, `agent`, `offset`, `transfer`.
/// `offset` and `transfer` are the agent's two payment methods, so they imply `agent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// 代理人請求以外: the office sends its own claims.
    Office,
    /// 代理人請求: an agent sends claims for offices.
    Agent,
    /// An agent paying the fee by 相殺 (offset against the benefit payment).
    AgentOffset,
    /// An agent paying the fee by 振込 (bank transfer).
    AgentTransfer,
}

impl Audience {
    /// Parses the words after `only` or in `for=`: `agent offset`, `offset`, `office`...
    pub fn parse(words: &str) -> Result<Audience, String> {
        let mut agent = false;
        let mut office = false;
        let mut pay = None;
        for word in words.split([' ', ',']).filter(|w| !w.is_empty()) {
            match word {
                "office" => office = true,
                "agent" => agent = true,
                "offset" | "transfer" if pay.is_some() => {
                    return Err("choose one of offset and transfer".into());
                }
                "offset" => pay = Some(Audience::AgentOffset),
                "transfer" => pay = Some(Audience::AgentTransfer),
                other => {
                    return Err(format!(
                        "unknown path word {other:?} (office, agent, offset, transfer)"
                    ));
                }
            }
        }
        match (office, agent, pay) {
            (true, false, None) => Ok(Audience::Office),
            (false, _, Some(p)) => Ok(p),
            (false, true, None) => Ok(Audience::Agent),
            (true, _, _) => Err("office cannot be combined with agent paths".into()),
            (false, false, None) => Err("name a path: office, agent, offset or transfer".into()),
        }
    }

    /// The value of the `data-for` attribute; the script and the CSS match its words.
    pub fn data_for(self) -> &'static str {
        match self {
            Audience::Office => "office",
            Audience::Agent => "agent",
            Audience::AgentOffset => "agent offset",
            Audience::AgentTransfer => "agent transfer",
        }
    }

    /// The visible label, so that without JavaScript (and on paper) every
    /// path-specific part says whom it is for.
    pub fn label(self) -> &'static str {
        match self {
            Audience::Office => "代理人請求以外の場合",
            Audience::Agent => "代理人請求の場合",
            Audience::AgentOffset => "代理人請求で支払方法が「相殺」の場合",
            Audience::AgentTransfer => "代理人請求で支払方法が「振込」の場合",
        }
    }

    /// A short form for tight places (the step list): `代理人請求・振込`.
    pub fn short_label(self) -> &'static str {
        match self {
            Audience::Office => "代理人請求以外",
            Audience::Agent => "代理人請求",
            Audience::AgentOffset => "代理人請求・相殺",
            Audience::AgentTransfer => "代理人請求・振込",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_to_paths() {
        assert_eq!(Audience::parse("office"), Ok(Audience::Office));
        assert_eq!(Audience::parse("agent"), Ok(Audience::Agent));
        assert_eq!(Audience::parse("agent offset"), Ok(Audience::AgentOffset));
        assert_eq!(Audience::parse("transfer"), Ok(Audience::AgentTransfer));
        assert_eq!(Audience::AgentOffset.data_for(), "agent offset");
    }

    #[test]
    fn contradictions_are_rejected() {
        assert!(Audience::parse("office offset").is_err());
        assert!(Audience::parse("office agent").is_err());
        assert!(Audience::parse("offset transfer").is_err());
        assert!(Audience::parse("").is_err());
        assert!(Audience::parse("agnet").unwrap_err().contains("agnet"));
    }
}
