//! The fixed HTML of the interactive widgets. The behaviour is in the book's
//! theme (`guide.js`); the markup here works as plain text without it.

use crate::audience::Audience;
use crate::html::escape;

/// One step as the step navigation lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInfo {
    pub number: u32,
    pub title: String,
    /// The path, if the step is for one path only.
    pub audience: Option<Audience>,
}

/// The path chooser: who sends the claims, and for agents how the fee is paid.
pub fn chooser() -> String {
    r#"<form class="cc-chooser cc-js-only" aria-labelledby="cc-chooser-title">
<p class="cc-box-title" id="cc-chooser-title">あなたの場合を選んでください</p>
<fieldset>
<legend>請求のしかた</legend>
<label><input type="radio" name="cc-user" value="office"> 代理人請求以外（事業所が自分で請求している）</label>
<label><input type="radio" name="cc-user" value="agent"> 代理人請求（代理人として事業所の請求を行っている）</label>
</fieldset>
<fieldset class="cc-chooser-pay" disabled>
<legend>発行手数料の支払方法（代理人請求を選ぶと選べます）</legend>
<label><input type="radio" name="cc-pay" value="offset"> 相殺（介護給付費から差し引く）</label>
<label><input type="radio" name="cc-pay" value="transfer"> 振込（金融機関で振り込む）</label>
</fieldset>
<p><button type="button" class="cc-chooser-clear">選択を取り消して、すべての場合を表示する</button></p>
<p class="cc-chooser-state" role="status"></p>
</form>
<noscript><p class="cc-note">JavaScript が無効のため、すべての場合の手順を表示しています。場合ごとの部分には「代理人請求の場合」などの見出しが付いています。</p></noscript>
"#
    .to_string()
}

/// The renewal calculator. `data-today` (empty for readers) lets tests fix today's date.
pub fn calculator() -> String {
    r#"<form class="cc-calc cc-js-only" data-today="" aria-labelledby="cc-calc-title" novalidate>
<p class="cc-box-title" id="cc-calc-title">更新時期の計算</p>
<fieldset>
<legend>分かっている日付</legend>
<label><input type="radio" name="cc-calc-mode" value="last" checked> 有効期間の終了日</label>
<label><input type="radio" name="cc-calc-mode" value="issue"> 発行日（終了日は目安になります）</label>
</fieldset>
<p><label><span class="cc-calc-date-label">日付</span> <input type="date" name="cc-calc-date" min="2000-01-01" max="2099-12-31"></label></p>
<p class="cc-calc-first-row"><label>有効期間の開始日（分かる場合のみ） <input type="date" name="cc-calc-first" min="2000-01-01" max="2099-12-31"></label></p>
<dl class="cc-calc-result">
<dt>有効期間の終了日</dt><dd data-out="last_day">－</dd>
<dt>更新の手続きを始める目安の日</dt><dd data-out="renewal_opens">－</dd>
<dt>今日（日本時間）</dt><dd data-out="today">－</dd>
<dt>終了日までの日数</dt><dd data-out="days_left">－</dd>
<dt>状態</dt><dd data-out="status">－</dd>
</dl>
<p class="cc-calc-error" role="alert"></p>
<p class="cc-calc-announce cc-sr-only" role="status"></p>
</form>
<noscript><p class="cc-note">JavaScript が無効のため計算はできません。更新の手続きは、有効期間の終了日の 3 か月前からできます。目安は 3 か月前の同じ日です（その日がない月は月末）。</p></noscript>
"#
    .to_string()
}

/// The file checker: certcheck's own file check, compiled to WebAssembly
/// (`certcheck-wasm.js`, written by `cargo xtask book`), run in the page by
/// `checker.js`. Without that file the form says so and points to certcheck.exe.
pub fn checker() -> String {
    r#"<form class="cc-checker cc-js-only" aria-labelledby="cc-checker-title" autocomplete="off" novalidate>
<p class="cc-box-title" id="cc-checker-title">ダウンロードしたファイルをこのページで確かめる</p>
<p class="cc-checker-privacy"><strong>ファイルとパスワードはこのパソコンの外に送られません。</strong>確認はこのページの中だけで行い、どこにも保存しません。 / The file and password never leave this PC.</p>
<div class="cc-checker-drop" tabindex="-1">
<p>証明書のファイル（.p12 / .pfx）をここにドラッグ＆ドロップするか、ボタンで選んでください。</p>
<p><label>ファイルを選ぶ <input type="file" name="cc-checker-file" accept=".p12,.pfx,application/x-pkcs12"></label></p>
<p class="cc-checker-filename" aria-live="polite"></p>
</div>
<p><label>証明書発行用パスワード <input type="password" name="cc-checker-password" autocomplete="off" autocapitalize="off" spellcheck="false"></label></p>
<p class="cc-checker-caps" role="status" hidden>Caps Lock（英大文字の固定）がオンになっています。</p>
<p><button type="button" class="cc-checker-run">確かめる</button></p>
<p class="cc-checker-status" role="status" aria-live="polite"></p>
<div class="cc-checker-result" aria-live="polite" hidden></div>
<p class="cc-note">パソコンにインストールされたか（証明書ストアの確認）は、このページでは確かめられません。<a href="certcheck.html#store">certcheck.exe</a> を使ってください。</p>
</form>
<noscript><p class="cc-note">JavaScript が無効のため、このページではファイルを確かめられません。<a href="certcheck.html#drop">certcheck.exe</a> を使ってください。</p></noscript>
"#
    .to_string()
}

/// The step navigation: every step with its state, the overall progress and a reset.
pub fn step_nav(steps: &[StepInfo]) -> String {
    let mut out = String::from(
        "<nav class=\"cc-stepnav\" aria-label=\"手順の一覧と進み具合\">\n\
         <p class=\"cc-overall cc-js-only\">全体の進み具合: <span class=\"cc-overall-count\">0 / 0</span></p>\n\
         <p class=\"cc-sr-only cc-sr-progress\" role=\"status\" aria-live=\"polite\"></p>\n<ol class=\"cc-stepnav-list\">\n",
    );
    for s in steps {
        let data_for = s
            .audience
            .map(|a| format!(" data-for=\"{}\"", a.data_for()))
            .unwrap_or_default();
        let label = s
            .audience
            .map(|a| format!(" <span class=\"cc-for\">{}のみ</span>", a.short_label()))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li class=\"cc-stepnav-item\" data-step=\"{n}\"{data_for}><a href=\"#step-{n}\"><span class=\"cc-stepnav-num\">{n}</span> {title}</a>{label} \
             <span class=\"cc-stepnav-state cc-js-only\"></span></li>\n",
            n = s.number,
            title = escape(&s.title),
        ));
    }
    out.push_str(
        "</ol>\n<p class=\"cc-skip-note cc-js-only\" role=\"note\" hidden></p>\n\
         <p class=\"cc-js-only cc-stepnav-tools\"><button type=\"button\" class=\"cc-print-path\">この手順だけ印刷</button> \
         <button type=\"button\" class=\"cc-reset\">チェックをすべて外す</button></p>\n</nav>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_nav_links_every_step_and_marks_paths() {
        let steps = [
            StepInfo {
                number: 1,
                title: "ログイン".into(),
                audience: None,
            },
            StepInfo {
                number: 5,
                title: "請求書<振込>".into(),
                audience: Some(Audience::AgentTransfer),
            },
        ];
        let html = step_nav(&steps);
        assert!(html.contains("href=\"#step-1\""));
        assert!(html.contains("data-step=\"5\" data-for=\"agent transfer\""));
        assert!(html.contains("請求書&lt;振込&gt;"));
        assert!(html.contains("<span class=\"cc-for\">代理人請求・振込のみ</span>"));
        assert_eq!(html.matches("<li").count(), 2);
    }

    #[test]
    fn widgets_work_as_single_html_blocks() {
        // A blank line would end the HTML block and let Markdown mangle the rest.
        for html in [chooser(), calculator(), step_nav(&[])] {
            assert!(!html.contains("\n\n"), "{html}");
        }
        assert!(calculator().contains("data-today=\"\""));
    }
}
