//! The command line, on clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "certcheck",
    version,
    about = "電子証明書（介護保険の請求用）の確認ツール / Checks the client certificate for long-term-care insurance claims",
    long_about = "電子証明書（介護保険の伝送用クライアント証明書）のファイル、有効期限と更新時期、Windows の証明書ストアを確認します。\n\
Checks the certificate file, its validity and renewal window, and the Windows certificate store.\n\n\
終了コード / exit status: 0 問題なし ok, 1 要注意 attention, 2 問題あり problem, 64 使い方の誤り usage error, 74 入出力のエラー I/O failure"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 証明書ファイル（.p12 / .pfx）を確認する / Check a certificate file
    Check(CheckArgs),
    /// 有効期間の終了日から更新できる期間を計算する / Compute the renewal window for a last day of validity
    Renewal(RenewalArgs),
    /// 確認結果のコードの意味と対処を表示する / Explain a finding code
    Explain(ExplainArgs),
    /// Windows の証明書ストアへのインストールを確認する / Check the installation in the Windows certificate store
    Store(StoreArgs),
    /// ファイルとストアをまとめて診断し、次にすることを 1 つ示す / Check everything that applies and give one next step
    Doctor(DoctorArgs),
    /// ガイド（手順書）をブラウザで開く / Open the guide in the default browser
    Guide(GuideArgs),
    /// シェル補完と man ページを書き出す（`cargo xtask dist` が使う）/ write shell completions and the man page
    #[command(hide = true)]
    Generate {
        /// 書き出すフォルダー / output folder
        dir: PathBuf,
    },
    /// 受け取ったレポートを表示する / Work with reports received from an office
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Args)]
pub struct GuideArgs {
    /// ガイドをこのフォルダーに書き出す（開かない）/ write the guide into this folder instead of opening it
    #[arg(long, value_name = "DIR", conflicts_with = "path")]
    pub export: Option<PathBuf>,
    /// ガイドの場所を表示するだけ（開かない）/ only print where the guide is
    #[arg(long)]
    pub path: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// JSON レポートを読みやすく表示する / Show a JSON report as text
    View {
        /// certcheck が書いた .json レポート / a .json report written by certcheck
        file: PathBuf,
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// 証明書ファイル（複数可: 古いものと新しいもの）/ certificate files (several: old and renewed)
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub password: PasswordArgs,
    /// 発行者名にこの文字列を含む証明書だけを見る / only store certificates whose issuer contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub issuer_contains: Option<String>,
    #[command(flatten)]
    pub judge: JudgeArgs,
    /// 結果をファイルに書く（.json / .md / .html）/ write the result as a report (.json, .md or .html by extension)
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// 更新を始める目安の日と終了日をカレンダーのファイル（.ics）に書く / write the renewal-opens and last days as an iCalendar file
    #[arg(long, value_name = "PATH")]
    pub ics: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// 事業所ごとの一覧（Excel 用）/ one row per office, for Excel (check, store, doctor)
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    Ja,
    En,
}

/// Options every reporting command shares.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// 表示言語（既定: 環境の言語、なければ日本語）/ language (default: from the environment, else ja)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// 何も表示しない（終了コードだけ）/ print nothing; the exit status tells
    #[arg(short, long)]
    pub quiet: bool,
}

/// When to judge, and how much key-derivation work a file may ask for.
#[derive(Debug, Args, Clone)]
pub struct JudgeArgs {
    /// この日時で判定する（RFC 3339、または日付 = その日の 0 時 JST）/ judge at this time (RFC 3339, or a date meaning 00:00 JST)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// 反復回数の上限 / the highest key-derivation iteration count to accept
    #[arg(long, value_name = "N", default_value_t = certcheck_core::DEFAULT_MAX_ITERATIONS)]
    pub max_iterations: u64,
}

/// How to get the password. Never a plain `--password VALUE`: it would land in shell history.
#[derive(Debug, Args, Clone, Default)]
#[group(multiple = false)]
pub struct PasswordArgs {
    /// パスワードを標準入力から 1 行読む / read the password as one line from standard input
    #[arg(long)]
    pub password_stdin: bool,
    /// パスワードを環境変数 VAR から読む / read the password from environment variable VAR
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// パスワードをファイルの 1 行目から読む / read the password from the first line of a file
    #[arg(long, value_name = "PATH")]
    pub password_file: Option<PathBuf>,
    /// パスワードなしで開く / open without a password
    #[arg(long)]
    pub no_password: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 証明書ファイル（.p12 / .pfx）/ the certificate file
    pub file: PathBuf,
    #[command(flatten)]
    pub password: PasswordArgs,
    #[command(flatten)]
    pub judge: JudgeArgs,
    /// Windows の証明書ストアも確認する / also check the Windows certificate store
    #[arg(long)]
    pub store: bool,
    /// 更新を始める目安の日と終了日をカレンダーのファイル（.ics）に書く / write the renewal-opens and last days as an iCalendar file
    #[arg(long, value_name = "PATH")]
    pub ics: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct RenewalArgs {
    /// 有効期間の終了日（YYYY-MM-DD）/ the last day of validity
    pub last_day: String,
    /// この日時で判定する / judge at this time
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// コード（例: password.wrong）/ the finding code
    pub code: String,
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub struct StoreArgs {
    /// このファイルのクライアント証明書を探す / look for this file's client certificate
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub password: PasswordArgs,
    /// この拇印（SHA-1）の証明書を探す / look for the certificate with this SHA-1 thumbprint
    #[arg(long, value_name = "SHA1")]
    pub thumbprint: Vec<String>,
    /// 発行者名にこの文字列を含む証明書だけを見る / only certificates whose issuer contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub issuer_contains: Option<String>,
    #[command(flatten)]
    pub judge: JudgeArgs,
    /// 更新を始める目安の日と終了日をカレンダーのファイル（.ics）に書く / write the renewal-opens and last days as an iCalendar file
    #[arg(long, value_name = "PATH")]
    pub ics: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}
