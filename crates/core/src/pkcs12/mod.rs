//! PKCS#12: the structure walk, the password schemes, and opening.

mod ahead;
pub mod algorithms;
pub mod budget;
pub mod kdf;
pub mod mac;
pub mod open;
pub mod par;
pub mod pbe;
pub mod structure;

pub use ahead::Derived;
pub use budget::Budget;
pub use open::{
    Contents, Encoding, Failure, OpenError, OpenOptions, PasswordOutcome, Protection, ahead_count,
    derive_ahead, open, open_within, open_within_given,
};
