//! The one certificate model's shared parts: digests as Windows writes them,
//! and where a certificate was seen. (Their JSON form is the report's.)
//!
//! Files (x509), the Windows store (the store crate) and the relations
//! between them all use these types, so a thumbprint read from one compares
//! with a thumbprint read from the other as bytes, never as text.

use std::fmt;
use std::str::FromStr;

use sha2::Digest;

use crate::hex::{self, Hex};

/// Characters allowed between hex digits when a digest is pasted: spaces and
/// colons (as Windows and OpenSSL separate bytes), and the invisible
/// direction marks that Windows' certificate dialog copies along (U+200E,
/// also U+200F and the byte-order mark U+FEFF).
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | ':' | '\u{200e}' | '\u{200f}' | '\u{feff}')
}

/// A digest string that is not the expected number of hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not {digits} hexadecimal digits")]
pub struct BadDigest {
    pub digits: usize,
}

macro_rules! digest {
    ($(#[$doc:meta])* $name:ident, $len:literal, $hash:ty) => {
        $(#[$doc])*
        ///
        /// Written as upper-case hex without separators, as Windows shows it.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; $len]);

        impl $name {
            /// The digest of `der`.
            pub fn of(der: &[u8]) -> $name {
                $name(<$hash>::digest(der).into())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:X}", Hex(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl FromStr for $name {
            type Err = BadDigest;

            /// Accepts what people paste: either case, with separators.
            fn from_str(s: &str) -> Result<$name, BadDigest> {
                let bad = BadDigest { digits: $len * 2 };
                let digits: String = s.chars().filter(|&c| !is_separator(c)).collect();
                hex::decode(&digits)
                    .and_then(|b| <[u8; $len]>::try_from(b).ok())
                    .map($name)
                    .ok_or(bad)
            }
        }
    };
}

digest!(
    /// A SHA-1 thumbprint (Windows' 拇印), how the store finds a certificate.
    Thumbprint,
    20,
    sha1::Sha1
);

digest!(
    /// A certificate's SHA-256 fingerprint.
    Sha256,
    32,
    sha2::Sha256
);

/// A certificate store the check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreLocation {
    CurrentUserMy,
    LocalMachineMy,
    CurrentUserRoot,
    LocalMachineRoot,
    CurrentUserCa,
}

impl StoreLocation {
    /// The name certutil and PowerShell's `Cert:\` drive use.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreLocation::CurrentUserMy => "CurrentUser\\MY",
            StoreLocation::LocalMachineMy => "LocalMachine\\MY",
            StoreLocation::CurrentUserRoot => "CurrentUser\\Root",
            StoreLocation::LocalMachineRoot => "LocalMachine\\Root",
            StoreLocation::CurrentUserCa => "CurrentUser\\CA",
        }
    }
}

/// Where a certificate was seen: in a file, or installed in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    File,
    Store(StoreLocation),
}

impl Location {
    /// The store the transmission software uses.
    pub const PERSONAL: Location = Location::Store(StoreLocation::CurrentUserMy);

    /// `file`, or the store's name (`CurrentUser\MY`).
    pub fn as_str(self) -> &'static str {
        match self {
            Location::File => "file",
            Location::Store(s) => s.as_str(),
        }
    }
}

impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Location {
    type Err = UnknownLocation;

    fn from_str(s: &str) -> Result<Location, UnknownLocation> {
        use StoreLocation::*;
        if s == "file" {
            return Ok(Location::File);
        }
        [
            CurrentUserMy,
            LocalMachineMy,
            CurrentUserRoot,
            LocalMachineRoot,
            CurrentUserCa,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
        .map(Location::Store)
        .ok_or(UnknownLocation)
    }
}

/// A location name that is neither `file` nor a store this tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown certificate location")]
pub struct UnknownLocation;

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOWS: &str = "\u{200e}3b 1e 0a 9c 44 5d 2b 6f 8e 71 90 aa bb cc dd ee ff 00 11 22";

    #[test]
    fn thumbprints_parse_as_pasted_and_print_as_windows_shows_them() {
        let t: Thumbprint = WINDOWS.parse().unwrap();
        assert_eq!(t.to_string(), "3B1E0A9C445D2B6F8E7190AABBCCDDEEFF001122");
        for pasted in [
            "3B1E0A9C445D2B6F8E7190AABBCCDDEEFF001122",
            "3b:1e:0a:9c:44:5d:2b:6f:8e:71:90:aa:bb:cc:dd:ee:ff:00:11:22",
            "\u{200f}3b1e0a9c445d2b6f8e7190aabbccddeeff001122",
            "\u{feff}3B1E 0A9C 445D 2B6F 8E71 90AA BBCC DDEE FF00 1122\u{200e}",
        ] {
            assert_eq!(pasted.parse(), Ok(t), "{pasted:?}");
        }
        for bad in [
            "",
            "3B1E0A9C445D2B6F8E7190AABBCCDDEEFF0011",
            "3B1E0A9C445D2B6F8E7190AABBCCDDEEFF00112233",
            "3B1E0A9C445D2B6F8E7190AABBCCDDEEFF00112G",
            "3B-1E0A9C445D2B6F8E7190AABBCCDDEEFF001122",
            "3B1E0A9C445D2B6F8E7190AABBCCDDEEFF00112\u{2}2",
        ] {
            assert_eq!(bad.parse::<Thumbprint>(), Err(BadDigest { digits: 40 }));
        }
    }

    #[test]
    fn digests_of_bytes() {
        // SHA-1 and SHA-256 of "abc" (FIPS 180 examples).
        assert_eq!(
            Thumbprint::of(b"abc").to_string(),
            "A9993E364706816ABA3E25717850C26C9CD0D89D"
        );
        let s = Sha256::of(b"abc");
        assert_eq!(
            s.to_string(),
            "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        );
        assert_eq!(s.to_string().parse(), Ok(s));
        assert_eq!("BA78".parse::<Sha256>(), Err(BadDigest { digits: 64 }));
    }

    #[test]
    fn locations_as_the_reports_write_them() {
        assert_eq!(Location::File.to_string(), "file");
        for s in [
            "file",
            "CurrentUser\\MY",
            "LocalMachine\\MY",
            "CurrentUser\\Root",
            "LocalMachine\\Root",
            "CurrentUser\\CA",
        ] {
            assert_eq!(s.parse::<Location>().unwrap().to_string(), s);
        }
        assert_eq!("currentuser\\my".parse::<Location>(), Err(UnknownLocation));
        assert_eq!(Location::PERSONAL.to_string(), "CurrentUser\\MY");
    }
}
