//! Hex, the one way bytes become text here: `{:X}` for what Windows shows
//! (thumbprints, serial numbers), `{:x}` for file digests and raw values.

use std::fmt;

/// Bytes written as hex digits, two per byte, no separators.
#[derive(Clone, Copy)]
pub struct Hex<'a>(pub &'a [u8]);

impl fmt::UpperHex for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02X}"))
    }
}

impl fmt::LowerHex for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Reads hex digits (either case) into bytes; None on anything else or an
/// odd number of digits.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = s
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    Some(digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_cases_and_back() {
        let b = [0x00, 0x0f, 0xa5, 0xff];
        assert_eq!(format!("{:X}", Hex(&b)), "000FA5FF");
        assert_eq!(format!("{:x}", Hex(&b)), "000fa5ff");
        assert_eq!(decode("000FA5ff"), Some(b.to_vec()));
        assert_eq!(decode(""), Some(Vec::new()));
        assert_eq!(decode("abc"), None);
        assert_eq!(decode("0g"), None);
        assert_eq!(decode("０１"), None, "full-width digits are not hex");
    }
}
