//! The one place that defines every finding code: its severity, its messages
//! in Japanese and English, and its anchor in the guide's troubleshooting page.
//!
//! One list of `def!` entries generates both [`Code`], the type every finding
//! carries (so a mistyped code does not compile), and [`CATALOG`], its texts.
//! The CLI, the reports and the guide all read from them; the guide build
//! checks that every code has a section.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How serious a finding is; decides the verdict and the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The name a reader sees, the same in the guide and every report
    /// (the guide's glossary: 問題 / 要注意 / 情報).
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Ja) => "問題",
            (Severity::Warning, Lang::Ja) => "要注意",
            (Severity::Info, Lang::Ja) => "情報",
            (Severity::Error, Lang::En) => "problem",
            (Severity::Warning, Lang::En) => "attention",
            (Severity::Info, Lang::En) => "information",
        }
    }
}

/// The language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// Picks a language from locale strings such as `ja_JP.UTF-8` or `en_US`;
    /// anything that is not clearly English falls back to Japanese.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }
}

/// A finding code's definition.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    pub code: Code,
    pub severity: Severity,
    pub title_ja: &'static str,
    pub title_en: &'static str,
    /// What happened, then the one next step.
    pub message_ja: &'static str,
    pub message_en: &'static str,
    /// Technical words for whoever helps the office (the format's name, a
    /// tool's option), kept out of the message; empty when there are none.
    pub details_ja: &'static str,
    pub details_en: &'static str,
}

impl Definition {
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.title_ja,
            Lang::En => self.title_en,
        }
    }

    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.message_ja,
            Lang::En => self.message_en,
        }
    }

    /// The catalog's technical details line, if this code has one.
    pub fn details(&self, lang: Lang) -> Option<&'static str> {
        let d = match lang {
            Lang::Ja => self.details_ja,
            Lang::En => self.details_en,
        };
        (!d.is_empty()).then_some(d)
    }

    /// The anchor of this code's section in the guide: dots become hyphens.
    pub fn anchor(&self) -> String {
        self.code.as_str().replace('.', "-")
    }

    /// The guide link, relative to the guide's root.
    pub fn guide(&self) -> String {
        format!("{GUIDE_PAGE}#{}", self.anchor())
    }
}

/// The guide page that holds one section per finding code.
pub const GUIDE_PAGE: &str = "troubleshooting.html";

impl Code {
    /// This code's severity, titles and messages.
    pub fn definition(self) -> &'static Definition {
        // CATALOG is generated in the order of the enum's variants.
        &CATALOG[self as usize]
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not a finding code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode;

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown finding code")
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or(UnknownCode)
    }
}

/// Codes sort by their dotted string, as they did when they were strings.
impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Lets tests and reports compare with the stable string.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom(format_args!("unknown finding code {s:?}")))
    }
}

/// One observation about the file, the certificate or the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Facts specific to this case (dates, names), in both languages.
    pub detail_ja: Option<String>,
    pub detail_en: Option<String>,
    /// The exact words of a parser or the operating system, for whoever
    /// helps the office; never part of the message.
    pub technical: Option<String>,
}

impl Finding {
    /// A finding with the catalog's severity.
    pub fn new(code: Code) -> Finding {
        Finding {
            code,
            severity: code.definition().severity,
            detail_ja: None,
            detail_en: None,
            technical: None,
        }
    }

    pub fn with_technical(mut self, text: impl Into<String>) -> Finding {
        self.technical = Some(text.into());
        self
    }

    pub fn with_detail(mut self, ja: impl Into<String>, en: impl Into<String>) -> Finding {
        self.detail_ja = Some(ja.into());
        self.detail_en = Some(en.into());
        self
    }

    pub fn definition(&self) -> &'static Definition {
        self.code.definition()
    }

    pub fn detail(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Ja => self.detail_ja.as_deref(),
            Lang::En => self.detail_en.as_deref(),
        }
    }

    /// The full message: the catalog text, then the case's details.
    pub fn message(&self, lang: Lang) -> String {
        let base = self.definition().message(lang);
        match self.detail(lang) {
            Some(d) => format!("{base} ({d})"),
            None => base.to_string(),
        }
    }

    /// The details line: the catalog's technical words, then this case's
    /// technical text (the same in both languages); None when there are neither.
    pub fn details(&self, lang: Lang) -> Option<String> {
        match (self.definition().details(lang), self.technical.as_deref()) {
            (None, None) => None,
            (Some(d), None) => Some(d.to_string()),
            (None, Some(t)) => Some(t.to_string()),
            (Some(d), Some(t)) => Some(format!("{d} ({t})")),
        }
    }
}

/// The overall judgement of a set of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    Attention,
    Problem,
}

impl Verdict {
    pub fn of(findings: &[Finding]) -> Verdict {
        match findings.iter().map(|f| f.severity).max() {
            Some(Severity::Error) => Verdict::Problem,
            Some(Severity::Warning) => Verdict::Attention,
            _ => Verdict::Ok,
        }
    }

    /// The documented exit status: 0 ok, 1 attention, 2 problem. Here rather
    /// than in the binary because the report carries it too (the JSON
    /// document's `exit_code`, the text report's verdict line); the ones that are
    /// the CLI's alone (usage, I/O) are in the binary's `exit_status`.
    pub fn exit_code(self) -> i32 {
        match self {
            Verdict::Ok => 0,
            Verdict::Attention => 1,
            Verdict::Problem => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Attention => "attention",
            Verdict::Problem => "problem",
        }
    }
}

/// Orders findings by what to do first: errors, then warnings, then information,
/// keeping the order of discovery within a severity.
pub fn sort_by_priority(findings: &mut [Finding]) {
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
}

/// Builds [`Code`] and [`CATALOG`] from one list, so a code cannot exist in
/// one without the other and a typo in a code is a compile error.
macro_rules! catalog {
    (@or_empty) => { "" };
    (@or_empty $text:literal) => { $text };
    ($(def!(
        $variant:ident,
        $code:literal,
        $sev:ident,
        $tja:literal,
        $ten:literal,
        $mja:literal,
        $men:literal
        $(, details: $dja:literal, $den:literal)? $(,)?
    )),* $(,)?) => {
        /// A finding code. Written, parsed and serialised as its dotted
        /// string (`password.wrong`), which is stable: add codes, never rename.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant),*
        }

        impl Code {
            /// Every code, in catalog order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable dotted string.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code),*
                }
            }
        }

        /// Every finding code's definition, in the order of [`Code::ALL`].
        pub static CATALOG: &[Definition] = &[
            $(Definition {
                code: Code::$variant,
                severity: Severity::$sev,
                title_ja: $tja,
                title_en: $ten,
                message_ja: $mja,
                message_en: $men,
                details_ja: catalog!(@or_empty $($dja)?),
                details_en: catalog!(@or_empty $($den)?),
            }),*
        ];
    };
}

// Every finding code. Codes are stable: add new ones, never rename.
catalog! {
    // --- What the file is -------------------------------------------------
    def!(
        FileUnreadable,
        "file.unreadable",
        Error,
        "ファイルを開けません",
        "The file cannot be opened",
        "ファイルが見つからないか、読み取れません。ファイルの場所と名前を確かめて、もう一度指定してください。",
        "The file does not exist or cannot be read. Check the file's location and name, then try again."
    ),
    def!(
        FileEmpty,
        "file.empty",
        Error,
        "ファイルが空です",
        "The file is empty",
        "ファイルの大きさが 0 バイトです。ダウンロードが途中で止まった可能性があります。電子請求受付システムから証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The file is 0 bytes long; the download probably stopped. Download the certificate again from the 電子請求受付システム. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        FileHtml,
        "file.html",
        Error,
        "証明書ではなくウェブページが保存されています",
        "A web page was saved instead of the certificate",
        "このファイルの中身はウェブページ（HTML）です。ダウンロードに失敗したか、時間切れの画面が保存されました。電子請求受付システムにログインし直して、証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "This file holds a web page (HTML), not a certificate: the download failed or a time-out page was saved. Log in to the 電子請求受付システム again and download the certificate again. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        FilePem,
        "file.pem",
        Error,
        "証明書ファイルではなく、文字のファイルです",
        "The file is text, not the certificate file",
        "このファイルは文字（テキスト）のファイルで、インポートウィザードで読み込む証明書ファイルではありません。電子請求受付システムからダウンロードした .p12 / .pfx ファイルを指定してください。",
        "This file is text, not the certificate file the import wizard reads. Use the .p12/.pfx file downloaded from the 電子請求受付システム.",
        details: "PEM 形式（-----BEGIN で始まるテキスト）です。PKCS#12 形式ではありません。",
        "PEM text (it starts with -----BEGIN), not PKCS#12."
    ),
    def!(
        FileZip,
        "file.zip",
        Error,
        "ZIP ファイルです",
        "The file is a ZIP archive",
        "このファイルは ZIP 形式の圧縮ファイルです。中の .p12 / .pfx ファイルを取り出してから、そのファイルを指定してください。",
        "This file is a ZIP archive. Extract the .p12/.pfx file inside it and check that file."
    ),
    def!(
        FileNotPkcs12,
        "file.not_pkcs12",
        Error,
        "証明書ファイルではありません",
        "Not a certificate file",
        "このファイルは証明書ファイル（.p12 / .pfx）ではありません。別のファイルを指定していないか確かめ、分からなければ証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "This file is not a certificate file (.p12/.pfx). Check that you picked the right file; if unsure, download the certificate again. If the system no longer offers the download, ask the 国保連合会.",
        details: "PKCS#12 形式として読めませんでした。",
        "It does not read as PKCS#12."
    ),
    def!(
        FileTruncated,
        "file.truncated",
        Error,
        "ファイルが途中で切れています",
        "The file is cut short",
        "ファイルの終わりが欠けています（ダウンロードやコピーが途中で止まりました）。証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The end of the file is missing (a download or copy stopped part-way). Download the certificate again. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        FileTooLarge,
        "file.too_large",
        Error,
        "ファイルが大きすぎます",
        "The file is too large",
        "証明書ファイルとしては大きすぎるため、中身を調べずに止めました。指定したファイルが証明書（.p12 / .pfx）か確かめてください。",
        "The file is far larger than any certificate file, so it was not examined. Check that you picked the certificate (.p12/.pfx) file."
    ),
    // --- The password -------------------------------------------------------
    def!(
        PasswordWrong,
        "password.wrong",
        Error,
        "パスワードが違います",
        "The password is wrong",
        "入力したパスワードではファイルを開けません。証明書発行用パスワードは、代理人請求以外は「電子請求登録結果に関するお知らせ」、代理人請求は「電子請求代理人登録結果に関するお知らせ」、再発行した場合は「証明書発行用パスワード通知書」に書かれています。大文字・小文字と半角に注意して、もう一度入力してください。",
        "The password entered does not open the file. The certificate issuance password (証明書発行用パスワード) is printed on 「電子請求登録結果に関するお知らせ」 for an office, on 「電子請求代理人登録結果に関するお知らせ」 for an agent, and on 「証明書発行用パスワード通知書」 if it was re-issued. Type it again, minding upper/lower case and half-width characters."
    ),
    def!(
        PasswordCorrect,
        "password.correct",
        Info,
        "パスワードは正しいです",
        "The password is correct",
        "入力したパスワードでファイルを開けました。インポートウィザードでも同じパスワードを入力してください。",
        "The password opens the file. Type the same password in the import wizard."
    ),
    def!(
        PasswordNotNeeded,
        "password.not_needed",
        Info,
        "パスワードは不要でした",
        "No password was needed",
        "このファイルはパスワードなしで開けます。電子請求受付システムの証明書は通常パスワード付きなので、正しいファイルか確かめてください。",
        "This file opens without a password. Certificates from the 電子請求受付システム normally have one: check that this is the right file."
    ),
    def!(
        PasswordNeeded,
        "password.needed",
        Error,
        "パスワードが必要です",
        "A password is needed",
        "このファイルはパスワードで保護されています。証明書発行用パスワードを入力して、もう一度確かめてください。",
        "This file is protected by a password. Check it again with the certificate issuance password (証明書発行用パスワード)."
    ),
    def!(
        PasswordCapsLock,
        "password.caps_lock",
        Info,
        "Caps Lock がオンだったようです",
        "Caps Lock seems to have been on",
        "大文字と小文字を逆にすると開けました。キーボードの Caps Lock を切ってから、パスワードを入力し直してください。",
        "With upper and lower case swapped the file opens. Turn Caps Lock off and type the password again."
    ),
    def!(
        PasswordFullWidth,
        "password.full_width",
        Info,
        "全角文字で入力されたようです",
        "The password seems to have been typed in full-width characters",
        "全角で入力された文字を半角にすると開けました。日本語入力（IME）を切って、半角で入力し直してください。",
        "With the full-width characters made half-width the file opens. Turn the Japanese input (IME) off and type it again in half-width characters."
    ),
    def!(
        PasswordLookAlike,
        "password.look_alike",
        Info,
        "形の似た文字を取り違えたようです",
        "A look-alike character seems to have been typed",
        "数字の 0 と英字の O、数字の 1 と英字の l や I など、形の似た文字を 1 つ入れ替えると開けました。お知らせの文字をよく見て入力し直してください。",
        "With one look-alike character swapped (0/O, 1/l/I and the like) the file opens. Look closely at the notice and type it again."
    ),
    def!(
        PasswordExtraSpace,
        "password.extra_space",
        Info,
        "前後に空白が入っていたようです",
        "A space at either end seems to have been typed",
        "前後の空白を取り除くと開けました。空白を入れずに入力し直してください。",
        "Without the spaces at either end the file opens. Type it again without spaces."
    ),
    // --- The PKCS#12 structure ------------------------------------------------
    def!(
        P12Damaged,
        "p12.damaged",
        Error,
        "ファイルが壊れています（パスワードは正しい）",
        "The file is damaged (the password is right)",
        "パスワードは正しいのですが、ファイルの中身が変わっています（転送中やコピー中に壊れました）。証明書をもう一度ダウンロードしてください。パスワードを変える必要はありません。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The password is right, but the file's contents were altered (damaged in transfer or copying). Download the certificate again; the password needs no change. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        P12Malformed,
        "p12.malformed",
        Error,
        "ファイルが壊れています",
        "The file is damaged",
        "ファイルの中身が壊れているため、パスワードが正しいかどうかも確かめられませんでした。証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The file's contents are damaged, so certcheck could not tell whether the password is right either. Download the certificate again. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        P12UnsupportedAlgorithm,
        "p12.unsupported_algorithm",
        Error,
        "対応していない暗号方式です",
        "Unsupported encryption scheme",
        "このファイルは、certcheck では確かめられない方式で保護されています。インポートウィザードで読み込めるか試してください。読み込めないときは、その結果を相談先（この certcheck を用意した担当者など）に伝えてください。",
        "This file is protected with a scheme certcheck cannot check. Try importing it with the import wizard; if that fails, tell your support contact (whoever provided certcheck) what happened."
    ),
    def!(
        P12NoMac,
        "p12.no_mac",
        Warning,
        "改ざん検知の情報がありません",
        "No integrity check in the file",
        "このファイルには、壊れていないことを確かめるための情報がありません。不安な場合は証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The file carries nothing to prove it is intact. If in doubt, download the certificate again. If the system no longer offers the download, ask the 国保連合会.",
        details: "MAC（改ざんを検知するための情報）がありません。",
        "The file has no MAC (integrity check)."
    ),
    def!(
        P12NoCertificate,
        "p12.no_certificate",
        Error,
        "証明書が入っていません",
        "No certificate in the file",
        "ファイルの中に証明書がありません。証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The file holds no certificate. Download the certificate again. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        P12NoPrivateKey,
        "p12.no_private_key",
        Error,
        "秘密鍵が入っていません",
        "No private key in the file",
        "ファイルに秘密鍵が入っていないため、この証明書では伝送できません。電子請求受付システムからダウンロードしたファイルを指定してください。",
        "The file holds no private key, so this certificate cannot be used for transmission. Use the file downloaded from the 電子請求受付システム."
    ),
    def!(
        P12KeyMismatch,
        "p12.key_mismatch",
        Error,
        "秘密鍵と証明書が一致しません",
        "The private key does not match the certificate",
        "ファイル内の秘密鍵が、どの証明書とも対になっていません。証明書をもう一度ダウンロードしてください。もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The private key in the file matches none of its certificates. Download the certificate again. If the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        P12KeyNotCompared,
        "p12.key_not_compared",
        Info,
        "秘密鍵と証明書の対応は確かめていません",
        "The key was not compared with the certificate",
        "この種類の秘密鍵は、certcheck では証明書と対になっているか確かめられません。有効期限などほかの項目は確かめました。インポートウィザードで読み込めるか試してください。",
        "certcheck cannot check whether this kind of private key belongs to the certificate. Everything else, the validity included, was checked. Try importing the file with the wizard."
    ),
    def!(
        P12ExcessiveIterations,
        "p12.excessive_iterations",
        Error,
        "処理回数が多すぎるため中止しました",
        "Stopped: the iteration count is excessive",
        "このファイルを開くための計算が通常のファイルよりはるかに多いため、調べるのを止めました。電子請求受付システムからダウンロードしたファイルか確かめてください。",
        "Opening this file needs far more computation than any normal file, so checking stopped. Check that it is the file downloaded from the 電子請求受付システム.",
        details: "鍵の計算の反復回数が上限を超えています。信頼できるファイルなら、コマンドの --max-iterations で上限を上げて確かめ直せます。",
        "The key-derivation iteration count exceeds the limit. For a trusted file, the command's --max-iterations raises it."
    ),
    def!(
        P12ExcessiveWork,
        "p12.excessive_work",
        Error,
        "計算量が多すぎるため中止しました",
        "Stopped: the file needs too much work",
        "このファイル全体を開くための計算が通常のファイルよりはるかに多いため、調べるのを止めました。電子請求受付システムからダウンロードしたファイルか確かめてください。",
        "Opening this file as a whole needs far more computation than any normal file, so checking stopped. Check that it is the file downloaded from the 電子請求受付システム.",
        details: "暗号化された項目の数と反復回数の合計が上限を超えています。信頼できるファイルなら、コマンドの --max-iterations で上限を上げて確かめ直せます。",
        "Encrypted items times iterations exceed the limit. For a trusted file, the command's --max-iterations raises it."
    ),
    def!(
        P12TooComplex,
        "p12.too_complex",
        Error,
        "ファイルの構造が複雑すぎます",
        "The file's structure is too complex",
        "ファイルの中の項目や入れ子が、証明書ファイルとしてはありえないほど多いため、調べるのを止めました。電子請求受付システムからダウンロードしたファイルか確かめてください。",
        "The file holds far more items or nesting than any certificate file, so checking stopped. Check that it is the file downloaded from the 電子請求受付システム."
    ),
    def!(
        P12AesOldWindows,
        "p12.aes_old_windows",
        Info,
        "古い Windows では読み込めない形式です",
        "Older Windows cannot import this format",
        "このファイルは AES で保護されています。Windows 10 バージョン 1709 より前の Windows ではインポートできません。伝送するパソコンの Windows が新しいことを確かめてください。",
        "This file is AES-protected. Windows before Windows 10 version 1709 cannot import it. Make sure the transmitting PC runs a newer Windows."
    ),
    def!(
        P12LegacyAlgorithms,
        "p12.legacy_algorithms",
        Info,
        "古い暗号方式で保護されています",
        "Protected with legacy algorithms",
        "このファイルは古い方式で保護されていますが、Windows のインポートウィザードではそのまま読み込めます。",
        "This file uses an older protection scheme; the Windows import wizard reads it as it is.",
        details: "3DES や RC2 で保護されています。OpenSSL 3 で開くときは -legacy が必要です。",
        "Protected with 3DES or RC2. OpenSSL 3 needs -legacy to open it."
    ),
    def!(
        P12BerEncoding,
        "p12.ber_encoding",
        Info,
        "一部のソフトでは読めない書き方のファイルです",
        "Some programs cannot read how this file is written",
        "certcheck では読めましたが、一部のソフトでは読めない書き方のファイルです。このままインポートウィザードで読み込んでください。読み込めないときは、相談先（この certcheck を用意した担当者など）に伝えてください。",
        "certcheck read it, but some programs cannot read how this file is written. Import it with the import wizard as usual; if that fails, tell your support contact (whoever provided certcheck).",
        details: "BER（不定長）で書かれています。Firefox や NSS がこの書き方をします。",
        "BER with indefinite lengths, as Firefox and NSS write it."
    ),
    def!(
        P12SeveralKeys,
        "p12.several_keys",
        Warning,
        "秘密鍵が複数入っています",
        "Several private keys in the file",
        "ファイルに秘密鍵が複数入っています。ダウンロードした証明書ファイルに入っている秘密鍵は 1 つだけのはずなので、電子請求受付システムからダウンロードしたファイルか確かめてください。",
        "The file holds several private keys; a certificate file downloaded from the 電子請求受付システム should hold only one. Check that it is the file downloaded from there."
    ),
    // --- The certificate ------------------------------------------------------
    def!(
        CertValid,
        "cert.valid",
        Info,
        "有効な証明書です",
        "The certificate is valid",
        "証明書は有効です。更新はまだ始められません。更新は有効期間の終了日の 3 か月前からできます。「証明書有効期限切れ事前通知」が届いたら手続きしてください。",
        "The certificate is valid and renewal is not open yet. Renewal can start 3 months before the end date of validity; apply once the notice 「証明書有効期限切れ事前通知」 arrives."
    ),
    def!(
        CertRenewalOpen,
        "cert.renewal_open",
        Warning,
        "更新の手続きができます",
        "Renewal is open",
        "有効期限が近づいています。期限が切れると、新しい証明書をインストールするまで伝送できなくなります。今のうちに電子請求受付システムで更新を申請してください。",
        "The certificate expires soon. Once it has expired nothing can be transmitted until the new certificate is installed, so apply for renewal in the 電子請求受付システム now."
    ),
    def!(
        CertExpired,
        "cert.expired",
        Error,
        "有効期限が切れています",
        "The certificate has expired",
        "証明書の有効期限が切れているため、新しい証明書をインストールするまで伝送できません。更新と同じ手順（電子請求受付システムにログインして証明書の発行申請）で、すぐに申請してください。「証明書」のメニューに「証明書の発行申請をする」がないときは、国保連合会に問い合わせてください。",
        "The certificate has expired, so nothing can be transmitted until a new certificate is installed. Apply now with the same steps as a renewal (log in to the 電子請求受付システム and apply for the certificate). If the 「証明書」 menu does not offer 「証明書の発行申請をする」, ask the 国保連合会."
    ),
    def!(
        CertNotYetValid,
        "cert.not_yet_valid",
        Info,
        "まだ有効期間が始まっていません",
        "Not valid yet",
        "新しい証明書の有効期間はまだ始まっていません（更新の直後は正常です）。新しい証明書の有効期間が始まり、新しい証明書で伝送できたことを確かめるまで、古い証明書は削除しないでください。有効期間が始まるのが請求の締め切りまでに間に合わないときは、国保連合会に相談してください。",
        "The new certificate's validity has not started yet (normal right after a renewal). Do not delete the old certificate until the new one has started and a claim has been sent with it. If it starts too late for a claim deadline, ask the 国保連合会."
    ),
    def!(
        CertInvalidPeriod,
        "cert.invalid_period",
        Error,
        "有効期間が正しくありません",
        "The validity period is impossible",
        "証明書の有効期間の開始日が終了日より後になっていて、どの日にも使えません。正しく発行された証明書ではないので、電子請求受付システムからダウンロードし直すか、国保連合会に確認してください。",
        "The certificate's validity starts after it ends, so it is valid on no day at all. It was not issued correctly: download it again from the 電子請求受付システム or ask the 国保連合会."
    ),
    def!(
        CertChainUnverified,
        "cert.chain_unverified",
        Warning,
        "発行元を確かめられません",
        "The issuer could not be verified",
        "ファイルに発行元（ルート）の証明書が入っていないか、署名を確かめられませんでした。インポートの最後のセキュリティ警告では[はい]をクリックしてください。それでも伝送できないときは、相談先（この certcheck を用意した担当者など）に相談してください。",
        "The file lacks the issuing (root) certificate, or its signature could not be verified. Click [はい] at the security warning at the end of the import; if transmission still fails, ask your support contact (whoever provided certcheck)."
    ),
    def!(
        CertNotClientAuth,
        "cert.not_client_auth",
        Warning,
        "伝送に使う種類の証明書ではありません",
        "Not a certificate for transmission",
        "この証明書は、伝送に使えない設定になっています。電子請求受付システムからダウンロードした証明書ファイルか確かめてください。",
        "This certificate is not set up for transmission. Check that it is the certificate file downloaded from the 電子請求受付システム.",
        details: "拡張キー使用法に「クライアント認証」がありません。",
        "Its extended key usage lacks client authentication."
    ),
    // --- The Windows store ------------------------------------------------------
    def!(
        StoreInstalled,
        "store.installed",
        Info,
        "正しくインストールされています",
        "Installed correctly",
        "証明書と秘密鍵が、この Windows ユーザーの「個人」に入っていて、発行元のルート証明書も信頼されています。",
        "The certificate and its private key are in this Windows user's Personal store, and the issuing root is trusted."
    ),
    def!(
        StoreNotInstalled,
        "store.not_installed",
        Error,
        "証明書がインストールされていません",
        "The certificate is not installed",
        "このパソコンの、今サインインしている Windows ユーザーには、証明書が見つかりません。伝送するパソコンで、伝送に使う Windows のユーザーでサインインして、インポートウィザードの手順をやり直してください。",
        "No certificate was found for the Windows user signed in on this PC. On the transmitting PC, signed in as the Windows user that transmits, repeat the import wizard steps."
    ),
    def!(
        StoreNoPrivateKey,
        "store.no_private_key",
        Error,
        "秘密鍵がありません",
        "The private key is missing",
        "証明書はありますが、秘密鍵がありません。ダウンロードした .p12 / .pfx ファイルからインポートし直してください（証明書だけのファイルでは伝送できません）。ファイルが手元になく、もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The certificate is there but its private key is not. Import again from the downloaded .p12/.pfx file (a certificate alone cannot transmit). If you no longer have the file and the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        StoreKeyNeedsPrompt,
        "store.key_needs_prompt",
        Error,
        "秘密鍵を使うたびに確認が必要な設定です",
        "The private key asks for confirmation",
        "インポートのときに「秘密キーの保護を強力にする」にチェックが入っていたため、伝送通信ソフトが証明書を使えないことがあります。ここに表示された証明書（ふつうは、いまインポートした新しい証明書）だけを削除し、「すべての拡張プロパティを含める」だけにチェックを入れて、もう一度インポートしてください。古い証明書は削除しないでください。削除のしかたは、ガイドの「古い証明書を消したい」と同じです。",
        "「秘密キーの保護を強力にする」 (strong private key protection) was ticked on import, so the transmission software (伝送通信ソフト) may be unable to use the certificate. Delete only the certificate shown here (usually the new one just imported) and import it again with only 「すべての拡張プロパティを含める」 ticked. Do not delete the old certificate. The guide's 「古い証明書を消したい」 shows how to delete one."
    ),
    def!(
        StoreRootMissing,
        "store.root_missing",
        Error,
        "ルート証明書が信頼されていません",
        "The root certificate is not trusted",
        "発行元のルート証明書が「信頼されたルート証明機関」にありません。インポートをやり直し、最後のセキュリティ警告で[はい]をクリックしてください。",
        "The issuing root is not in 信頼されたルート証明機関 (Trusted Root). Import again and click [はい] at the final security warning."
    ),
    def!(
        StoreChainIncomplete,
        "store.chain_incomplete",
        Error,
        "証明書の信頼関係を確認できません",
        "The certificate chain does not build",
        "Windows が証明書の発行元までたどれません。インポートをやり直し、最後のセキュリティ警告で[はい]をクリックしてください。",
        "Windows cannot build the chain to the issuer. Import again and click [はい] at the final security warning."
    ),
    def!(
        StoreInLocalMachine,
        "store.in_local_machine",
        Error,
        "「ローカル コンピューター」にインストールされています",
        "Installed for 「ローカル コンピューター」, not this user",
        "証明書が「ローカル コンピューター」側にあり、この Windows ユーザーの「個人」にはありません。インポートウィザードの最初の画面で「現在のユーザー」を選んで、やり直してください。",
        "The certificate is in the 「ローカル コンピューター」 (Local Machine) store, not in this Windows user's Personal store. Repeat the import choosing 「現在のユーザー」 (Current User) on the wizard's first page."
    ),
    def!(
        StoreSeveralValid,
        "store.several_valid",
        Warning,
        "同じ事業所の有効な証明書が複数あります",
        "Several valid certificates for one office",
        "同じ事業所（同じ発行先）の有効な証明書が複数インストールされています。更新の直後なら正常です。古い証明書は、新しい証明書の有効期間が始まり、新しい証明書で伝送できたことを確かめてから削除してください。",
        "Several valid certificates of the same office (the same subject) are installed. Right after a renewal this is normal; delete the old one only after the new one has started and a claim has been sent with it."
    ),
    def!(
        StoreExpiredLeftover,
        "store.expired_leftover",
        Info,
        "期限切れの証明書が残っています",
        "An expired certificate is still installed",
        "期限切れの古い証明書が残っています。新しい証明書で伝送できたことを確かめてから、削除して構いません。",
        "An expired old certificate is still installed. Once a claim has been sent with the new certificate, it may be deleted."
    ),
    def!(
        StoreRenewedWaiting,
        "store.renewed_waiting",
        Info,
        "新しい証明書は有効期間の開始待ちです",
        "The renewed certificate starts later",
        "更新した証明書はインストール済みで、有効期間の開始を待っています。新しい証明書の有効期間が始まり、新しい証明書で伝送できたことを確かめるまで、古い証明書は削除しないでください。古い証明書の期限が先に切れて請求の締め切りまでに間に合わないときは、国保連合会に相談してください。",
        "The renewed certificate is installed and starts later. Do not delete the old certificate until the new one has started and a claim has been sent with it. If the old one ends first and a claim deadline cannot be met, ask the 国保連合会."
    ),
    def!(
        StoreUnsupportedPlatform,
        "store.unsupported_platform",
        Warning,
        "Windows でのみ確認できます",
        "Only available on Windows",
        "証明書ストアの確認は Windows でのみ行えます。伝送するパソコン（Windows）で certcheck を実行してください。",
        "The certificate store can only be checked on Windows. Run certcheck on the transmitting Windows PC."
    ),
    def!(
        StoreUnavailable,
        "store.unavailable",
        Error,
        "証明書ストアを開けません",
        "The certificate store cannot be opened",
        "Windows の証明書ストアを読み取れませんでした。パソコンを再起動してからもう一度確かめ、続く場合は相談先（この certcheck を用意した担当者など）に相談してください。",
        "The Windows certificate store could not be read. Restart the PC and check again; if it persists, ask your support contact (whoever provided certcheck)."
    ),
    def!(
        StorePartlyUnavailable,
        "store.partly_unavailable",
        Warning,
        "証明書ストアの一部を読めません",
        "Part of the certificate store cannot be read",
        "証明書ストアの一部（ルート証明書や「ローカル コンピューター」側のストアなど）を読み取れなかったため、確認が不完全です。パソコンを再起動してからもう一度確かめ、続く場合は相談先（この certcheck を用意した担当者など）に相談してください。",
        "Part of the certificate store (the root certificates or the 「ローカル コンピューター」 stores, for example) could not be read, so the check is incomplete. Restart the PC and check again; if it persists, ask your support contact (whoever provided certcheck)."
    ),
    def!(
        StoreKeyUnusable,
        "store.key_unusable",
        Error,
        "秘密鍵を使えません",
        "The private key cannot be used",
        "証明書に秘密鍵の情報はありますが、鍵を開けませんでした。ここに表示された証明書を削除し、ダウンロードした .p12 / .pfx ファイルからインポートし直してください。ファイルが手元になく、もう一度ダウンロードできないときは、国保連合会に確認してください。",
        "The certificate refers to a private key, but the key could not be opened. Delete the certificate shown here and import it again from the downloaded .p12/.pfx file. If you no longer have the file and the system no longer offers the download, ask the 国保連合会."
    ),
    def!(
        StoreOnlyExpired,
        "store.only_expired",
        Error,
        "期限切れの証明書しかありません",
        "Only expired certificates are installed",
        "インストールされている証明書は期限切れのものだけなので、伝送できません。更新した証明書のファイルがあれば、インポートしてください。なければ、更新と同じ手順（電子請求受付システムにログインして証明書の発行申請）で、すぐに申請してください。「証明書」のメニューに「証明書の発行申請をする」がないときは、国保連合会に問い合わせてください。",
        "Only expired certificates are installed, so nothing can be transmitted. Import the renewed certificate file if you have one. Otherwise apply now with the same steps as a renewal (log in to the 電子請求受付システム and apply for the certificate). If the 「証明書」 menu does not offer 「証明書の発行申請をする」, ask the 国保連合会."
    ),
    def!(
        StoreOnlyNotYetValid,
        "store.only_not_yet_valid",
        Error,
        "有効期間が始まっていない証明書しかありません",
        "Only certificates that start later are installed",
        "インストールされている証明書は、まだ有効期間が始まっていません。開始日までは伝送できません。今使える古い証明書があれば、それもインストールしてください。開始日が請求の締め切りまでに間に合わないときは、国保連合会に相談してください。",
        "The installed certificates are not valid yet, so nothing can be transmitted until they start. If the old certificate is still valid, install it as well. If the start is too late for a claim deadline, ask the 国保連合会."
    ),
    // --- Relations between files and the store (doctor) -------------------------
    def!(
        DoctorFileInstalled,
        "doctor.file_installed",
        Info,
        "ファイルの証明書はインストール済みです",
        "The file's certificate is installed",
        "確認したファイルの証明書が、この Windows ユーザーの「個人」に入っています。",
        "The certificate in the file is in this Windows user's Personal store."
    ),
    def!(
        DoctorFileNotInstalled,
        "doctor.file_not_installed",
        Error,
        "ファイルの証明書がインストールされていません",
        "The file's certificate is not installed",
        "確認したファイルの証明書が、このパソコンの、今サインインしている Windows ユーザーには入っていません。伝送するパソコンで、伝送に使う Windows のユーザーでサインインし、ファイルを開いてインポートウィザードの手順（「現在のユーザー」を選ぶ）を行ってください。",
        "The certificate in the file is not installed for the Windows user signed in on this PC. On the transmitting PC, signed in as the Windows user that transmits, open the file and follow the import wizard steps (choose 「現在のユーザー」)."
    ),
    def!(
        DoctorValidityGap,
        "doctor.validity_gap",
        Warning,
        "新旧の証明書の有効期間にすき間があります",
        "A gap between the old and the new certificate",
        "古い証明書が切れてから新しい証明書が始まるまでの間は伝送できません。請求の日程を確かめ、請求の締め切りまでに間に合わないときは、国保連合会に相談してください。",
        "Nothing can be transmitted between the end of the old certificate and the start of the new one. Check the claim schedule; if a claim deadline cannot be met, ask the 国保連合会."
    ),
    def!(
        DoctorRenewalContinuous,
        "doctor.renewal_continuous",
        Info,
        "新旧の証明書の有効期間はつながっています",
        "The old and new certificates join without a gap",
        "新しい証明書は古い証明書が切れる前に始まります。新しい証明書の有効期間が始まり、新しい証明書で伝送できたことを確かめるまで、古い証明書は削除しないでください。",
        "The new certificate starts before the old one ends. Do not delete the old one until the new one has started and a claim has been sent with it."
    ),
    def!(
        DoctorInstalledTwice,
        "doctor.installed_twice",
        Warning,
        "同じ証明書が複数の場所に入っています",
        "The same certificate is installed in several places",
        "同じ証明書が複数の証明書ストアに入っています。伝送には、この Windows ユーザーの「個人」にあるものが使われます。ほかの場所のものを削除するかどうかは、相談先（この certcheck を用意した担当者など）に相談してください。",
        "The same certificate is in several certificate stores. Transmission uses the one in this Windows user's Personal store; ask your support contact (whoever provided certcheck) before removing the others."
    ),
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_well_formed_and_bilingual() {
        let mut seen = HashSet::new();
        assert_eq!(CATALOG.len(), Code::ALL.len());
        for (&code, d) in Code::ALL.iter().zip(CATALOG) {
            assert_eq!(d.code, code, "the catalog follows the enum's order");
            assert_eq!(code.definition().code, code);
            assert!(seen.insert(d.code.as_str()), "duplicate code {}", d.code);
            assert_eq!(code.as_str().parse(), Ok(code), "{code} round-trips");
            assert_eq!(code.to_string(), code.as_str());
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{code}\""));
            assert_eq!(
                serde_json::from_str::<Code>(&format!("\"{code}\"")).unwrap(),
                code
            );
            assert!(
                d.code.as_str().split('.').count() == 2,
                "{} is not area.name",
                d.code
            );
            assert!(
                d.code
                    .as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_' || c.is_ascii_digit())
            );
            for t in [d.title_ja, d.message_ja] {
                assert!(
                    t.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                    "{}: ja text lacks kana",
                    d.code
                );
            }
            assert!(!d.message_en.is_empty() && !d.title_en.is_empty());
        }
    }

    #[test]
    fn the_issue_codes_exist() {
        for code in [
            "file.unreadable",
            "file.empty",
            "file.html",
            "file.pem",
            "file.not_pkcs12",
            "file.truncated",
            "file.too_large",
            "password.wrong",
            "p12.damaged",
            "p12.malformed",
            "p12.unsupported_algorithm",
            "p12.no_mac",
            "p12.no_certificate",
            "p12.no_private_key",
            "p12.key_mismatch",
            "p12.key_not_compared",
            "p12.excessive_iterations",
            "cert.not_yet_valid",
            "cert.valid",
            "cert.renewal_open",
            "cert.expired",
            "cert.chain_unverified",
            "cert.not_client_auth",
            "store.installed",
            "store.not_installed",
            "store.no_private_key",
            "store.key_needs_prompt",
            "store.root_missing",
            "store.in_local_machine",
            "store.several_valid",
            "store.expired_leftover",
            "store.renewed_waiting",
            "store.unsupported_platform",
        ] {
            // The published strings still parse: codes are never renamed.
            assert!(code.parse::<Code>().is_ok(), "{code} missing");
        }
        assert_eq!(Code::PasswordWrong.definition().anchor(), "password-wrong");
        assert_eq!("password.wrong ".parse::<Code>(), Err(UnknownCode));
        assert!(serde_json::from_str::<Code>("\"password.wrnog\"").is_err());
    }

    #[test]
    fn verdict_follows_the_worst_severity() {
        assert_eq!(Verdict::of(&[]), Verdict::Ok);
        assert_eq!(Verdict::of(&[Finding::new(Code::CertValid)]), Verdict::Ok);
        assert_eq!(
            Verdict::of(&[
                Finding::new(Code::CertValid),
                Finding::new(Code::CertRenewalOpen)
            ]),
            Verdict::Attention
        );
        assert_eq!(
            Verdict::of(&[
                Finding::new(Code::CertRenewalOpen),
                Finding::new(Code::PasswordWrong)
            ])
            .exit_code(),
            2
        );
    }
}
