//! Passwords as Windows and shells hand them over: a file saved by Notepad
//! (UTF-8 with a BOM) or by PowerShell 5's `Out-File` (UTF-16LE with a BOM),
//! a line on standard input. Only the first line counts; it must be text and
//! at most [`MAX_PASSWORD_CHARS`] characters.

use zeroize::Zeroizing;

/// Real passwords are short; longer input is a mistake (a wrong file, a stream).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// The most bytes read from a password file or standard input: the longest
/// password in UTF-8 or UTF-16 (4 bytes a character at most), a BOM and a line end.
pub const MAX_PASSWORD_BYTES: usize = 4 * MAX_PASSWORD_CHARS + 16;

/// Why input is not a usable password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordInputError {
    /// Nothing at all (an empty file, a closed standard input, Ctrl-D).
    #[error("no password was given")]
    Empty,
    /// Not UTF-8 (or UTF-16 after a BOM), or it holds a NUL.
    #[error("the password is not valid text")]
    NotText,
    #[error("the password is longer than {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// The encoding by its BOM, and where the text starts.
fn encoding(bytes: &[u8]) -> (Encoding, usize) {
    match bytes {
        [0xef, 0xbb, 0xbf, ..] => (Encoding::Utf8, 3),
        [0xff, 0xfe, ..] => (Encoding::Utf16Le, 2),
        [0xfe, 0xff, ..] => (Encoding::Utf16Be, 2),
        _ => (Encoding::Utf8, 0),
    }
}

/// Where the first line ends (the offset of its line feed), if it does.
fn line_end(bytes: &[u8]) -> Option<usize> {
    let (enc, start) = encoding(bytes);
    let text = &bytes[start..];
    let end = match enc {
        Encoding::Utf8 => text.iter().position(|&b| b == b'\n'),
        Encoding::Utf16Le => text
            .chunks_exact(2)
            .position(|u| u == [b'\n', 0])
            .map(|i| i * 2),
        Encoding::Utf16Be => text
            .chunks_exact(2)
            .position(|u| u == [0, b'\n'])
            .map(|i| i * 2),
    };
    end.map(|e| start + e)
}

/// The length of the first line with its line feed, once it has ended: what
/// a reader of a stream consumes, leaving the next line for the next password.
pub fn first_line_len(bytes: &[u8]) -> Option<usize> {
    let unit = match encoding(bytes).0 {
        Encoding::Utf8 => 1,
        Encoding::Utf16Le | Encoding::Utf16Be => 2,
    };
    line_end(bytes).map(|e| e + unit)
}

/// Whether enough has been read: the first line has ended, or the bound is reached.
pub fn first_line_read(bytes: &[u8]) -> bool {
    bytes.len() > MAX_PASSWORD_BYTES || line_end(bytes).is_some()
}

/// The password on the first line of `bytes`. `complete` says `bytes` is the
/// whole input; otherwise the first line must end within it.
pub fn first_line(bytes: &[u8], complete: bool) -> Result<Zeroizing<String>, PasswordInputError> {
    if bytes.is_empty() {
        return Err(PasswordInputError::Empty);
    }
    let (enc, start) = encoding(bytes);
    let end = match line_end(bytes) {
        Some(e) => e,
        None if complete && bytes.len() <= MAX_PASSWORD_BYTES => bytes.len(),
        None => return Err(PasswordInputError::TooLong),
    };
    let line = &bytes[start..end];
    let mut text = Zeroizing::new(String::with_capacity(line.len()));
    match enc {
        Encoding::Utf8 => {
            text.push_str(std::str::from_utf8(line).map_err(|_| PasswordInputError::NotText)?)
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            if !line.len().is_multiple_of(2) {
                return Err(PasswordInputError::NotText);
            }
            let units = line.chunks_exact(2).map(|u| match enc {
                Encoding::Utf16Le => u16::from_le_bytes([u[0], u[1]]),
                _ => u16::from_be_bytes([u[0], u[1]]),
            });
            for c in char::decode_utf16(units) {
                text.push(c.map_err(|_| PasswordInputError::NotText)?);
            }
        }
    }
    if text.ends_with('\r') {
        text.pop();
    }
    check(&text)?;
    Ok(text)
}

/// A password from anywhere (the prompt, an environment variable): text
/// without NUL, at most [`MAX_PASSWORD_CHARS`] characters.
pub fn check(password: &str) -> Result<(), PasswordInputError> {
    if password.contains('\0') {
        return Err(PasswordInputError::NotText);
    }
    if password.chars().nth(MAX_PASSWORD_CHARS).is_some() {
        return Err(PasswordInputError::TooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le_with_bom(s: &str) -> Vec<u8> {
        let mut b = vec![0xff, 0xfe];
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b
    }

    #[test]
    fn windows_encodings_give_the_same_password() {
        let pw = "介護Pass-2026";
        let plain = format!("{pw}\r\n");
        let bom = [b"\xef\xbb\xbf".as_slice(), plain.as_bytes()].concat();
        let le = utf16le_with_bom(&plain);
        let mut be = vec![0xfe, 0xff];
        be.extend(plain.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [plain.as_bytes(), &bom, &le, &be] {
            assert_eq!(first_line(bytes, true).unwrap().as_str(), pw);
        }
        assert_eq!(first_line(b"abc", true).unwrap().as_str(), "abc");
        assert_eq!(first_line(b"\n", true).unwrap().as_str(), "");
        assert_eq!(first_line(b"a\nb\n", false).unwrap().as_str(), "a");
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(first_line(b"", true), Err(PasswordInputError::Empty));
        assert_eq!(
            first_line(b"\xff\xffx", true),
            Err(PasswordInputError::NotText)
        );
        assert_eq!(first_line(b"a\0b", true), Err(PasswordInputError::NotText));
        assert_eq!(
            first_line(&[0xff, 0xfe, 0x00, 0xd8], true),
            Err(PasswordInputError::NotText)
        );
        let long = "x".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            first_line(long.as_bytes(), true),
            Err(PasswordInputError::TooLong)
        );
        assert!(first_line("x".repeat(MAX_PASSWORD_CHARS).as_bytes(), true).is_ok());
        assert!(first_line("あ".repeat(MAX_PASSWORD_CHARS).as_bytes(), true).is_ok());
        assert_eq!(
            first_line(&[0u8; MAX_PASSWORD_BYTES + 1], false),
            Err(PasswordInputError::TooLong)
        );
        assert_eq!(first_line(b"abc", false), Err(PasswordInputError::TooLong));
        assert!(first_line_read(b"abc\n") && !first_line_read(b"abc"));
        assert_eq!(first_line_len(b"ab\ncd\n"), Some(3));
        assert_eq!(first_line_len(&utf16le_with_bom("a\nb")), Some(6));
        assert_eq!(first_line_len(b"ab"), None);
        assert!(first_line_read(&utf16le_with_bom("a\n")));
    }
}
