//! Opening a PKCS#12 file with a password: the MAC, the decryptions, and the
//! decision between "wrong password" and "damaged file".

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::der;

use super::ahead::{self, Derived, Deriver, Done, Job, Results};
use super::algorithms::Pbe;
use super::budget::{Budget, DEFAULT_MAX_WORK, Exhausted};
use super::mac;
use super::pbe;
use super::structure::{self, Attributes, Bag, Part, Pfx, StructureError};

/// The default ceiling on any iteration count. Real producers use 1 (macOS
/// MAC) to 600,000 (NSS/Firefox); 2,000,000 leaves room above every real file
/// while keeping the worst case near a second per derivation on a slow PC.
pub const DEFAULT_MAX_ITERATIONS: u64 = 2_000_000;

/// Options for opening.
#[derive(Debug, Clone, Copy)]
pub struct OpenOptions {
    pub max_iterations: u64,
    /// The total key-derivation work one file may cost, in rounds (see [`Budget`]).
    pub max_work: u64,
    /// Whether independent derivations (the MAC, each encrypted part) may run
    /// side by side on the cores; the decisions are the same either way.
    pub parallel: bool,
}

impl OpenOptions {
    /// The limits for a given iteration ceiling: raising the ceiling for a
    /// trusted file raises the total work in proportion.
    pub fn with_max_iterations(max_iterations: u64) -> OpenOptions {
        let scale = max_iterations.div_ceil(DEFAULT_MAX_ITERATIONS).max(1);
        OpenOptions {
            max_iterations,
            max_work: DEFAULT_MAX_WORK.saturating_mul(scale),
            parallel: super::par::threads_available(),
        }
    }
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions::with_max_iterations(DEFAULT_MAX_ITERATIONS)
    }
}

/// What the password turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordOutcome {
    Correct,
    Wrong,
    NotNeeded,
    Unknown,
}

/// How one part of the file is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// e.g. "PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC)", or "none".
    pub scheme: String,
    pub iterations: Option<u64>,
    pub aes: bool,
    pub legacy: bool,
}

impl Scheme {
    fn of(pbe: &Result<Pbe, String>) -> Scheme {
        match pbe {
            Ok(p) => Scheme {
                scheme: p.describe(),
                iterations: Some(p.iterations()),
                aes: p.cipher().is_aes(),
                legacy: p.cipher().is_legacy(),
            },
            Err(name) => Scheme {
                scheme: format!("unsupported ({name})"),
                iterations: None,
                aes: false,
                legacy: false,
            },
        }
    }

    fn none() -> Scheme {
        Scheme {
            scheme: "none".into(),
            iterations: None,
            aes: false,
            legacy: false,
        }
    }
}

/// The MAC as reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacSummary {
    pub digest: String,
    pub iterations: u64,
    pub salt_bytes: usize,
}

/// How the file is protected, as far as could be seen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Protection {
    pub mac: Option<MacSummary>,
    /// The encryption of the certificate part(s); None until known.
    pub certificates: Option<Scheme>,
    /// The encryption of the private key(s); None until known.
    pub key: Option<Scheme>,
    pub encoding: Encoding,
}

/// How the file is encoded, as the JSON and text reports name it (`Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Not walked far enough to tell (a file refused before its parts were
    /// read); printed as an empty string, as before this was a type.
    #[default]
    Unknown,
    Der,
    /// Indefinite lengths or segmented strings somewhere (NSS, Firefox).
    Ber,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Unknown => "",
            Encoding::Der => "DER",
            Encoding::Ber => "BER",
        })
    }
}

impl Protection {
    fn schemes(&self) -> impl Iterator<Item = &Scheme> {
        self.certificates.iter().chain(self.key.iter())
    }

    /// Windows before 10 1709 cannot import AES-protected files.
    pub fn uses_aes(&self) -> bool {
        self.schemes().any(|s| s.aes)
    }

    /// OpenSSL 3 needs `-legacy` for RC2 and 3DES.
    pub fn uses_legacy(&self) -> bool {
        self.schemes().any(|s| s.legacy)
    }
}

/// What an opened file holds. Its Debug output leaves the keys out.
#[derive(Clone)]
pub struct Contents {
    pub password: PasswordOutcome,
    pub protection: Protection,
    pub certificates: Vec<(Vec<u8>, Attributes)>,
    /// PKCS#8 PrivateKeyInfo DER, zeroized on drop.
    pub keys: Vec<(Zeroizing<Vec<u8>>, Attributes)>,
    pub other_bags: Vec<String>,
}

impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|(k, a)| format!("({} key bytes redacted, {a:?})", k.len()))
            .collect();
        f.debug_struct("Contents")
            .field("password", &self.password)
            .field("protection", &self.protection)
            .field("certificates", &self.certificates)
            .field("keys", &keys)
            .field("other_bags", &self.other_bags)
            .finish()
    }
}

/// Why a file could not be opened. Each case maps to one finding code.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OpenError {
    #[error("the file is cut short")]
    Truncated,
    /// More parts, bags or nesting than any real file has: refused, not walked.
    #[error("too complex: {why}")]
    TooComplex { why: String },
    #[error("not a PKCS#12 file: {why}")]
    NotPkcs12 { why: String },
    /// The file was walked: `protection` is what could be seen of it.
    #[error("{failure}")]
    Failed {
        protection: Box<Protection>,
        failure: Failure,
    },
}

/// What went wrong once the file's protection was known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error("the password is wrong")]
    WrongPassword,
    #[error("a password is needed")]
    PasswordNeeded,
    /// `password` says what is known of it: `Correct` only when a MAC
    /// verified or a decryption produced well-formed content.
    #[error("the file was altered after it was made")]
    Damaged {
        why: String,
        password: PasswordOutcome,
    },
    #[error("unsupported algorithm: {algorithm}")]
    Unsupported { algorithm: String },
    #[error("iteration count {found} exceeds the limit {limit}")]
    ExcessiveIterations { found: u64, limit: u64 },
    /// The whole file needs more rounds than its budget: refused before deriving.
    #[error("the file needs {needed} rounds of key derivation, the limit is {limit}")]
    ExcessiveWork { needed: u64, limit: u64 },
    /// The deadline passed during a derivation.
    #[error("the time allowed for the file ran out")]
    OutOfTime,
}

impl Failure {
    fn with(self, protection: &Protection) -> OpenError {
        OpenError::Failed {
            protection: Box::new(protection.clone()),
            failure: self,
        }
    }
}

/// The error for a budget that ran out while opening.
fn exhausted(e: Exhausted, protection: &Protection, needed: u64, budget: &Budget) -> OpenError {
    match e {
        Exhausted::Work => Failure::ExcessiveWork {
            needed,
            limit: budget.limit(),
        },
        Exhausted::Time => Failure::OutOfTime,
    }
    .with(protection)
}

/// Opens a PKCS#12 file. `password` is what the user gave (None: no password).
pub fn open(
    bytes: &[u8],
    password: Option<&str>,
    options: OpenOptions,
) -> Result<Contents, OpenError> {
    open_within(
        bytes,
        password,
        options,
        &Budget::new(options.max_work, None),
    )
}

/// Opens a PKCS#12 file, paying every key derivation from `budget`.
pub fn open_within(
    bytes: &[u8],
    password: Option<&str>,
    options: OpenOptions,
    budget: &Budget,
) -> Result<Contents, OpenError> {
    open_within_given(bytes, password, options, budget, Vec::new())
}

/// What opening knows before deriving anything: the walked file, its plain
/// bags, what can be seen of its protection, and the rounds it plans.
struct Walked<'a> {
    pfx: Pfx<'a>,
    plain_bags: Vec<Bag>,
    protection: Protection,
    planned: u64,
}

/// Walks the file and plans its work; refuses it when the plan does not fit.
fn walk<'a>(
    bytes: &'a [u8],
    password: Option<&str>,
    options: OpenOptions,
    budget: &Budget,
) -> Result<Walked<'a>, OpenError> {
    let pfx = match structure::parse_pfx(bytes) {
        Ok(p) => p,
        Err(StructureError::Der(der::DerError::Truncated)) => return Err(OpenError::Truncated),
        Err(e @ (StructureError::TooMany(_) | StructureError::Der(der::DerError::TooDeep))) => {
            return Err(OpenError::TooComplex { why: e.to_string() });
        }
        Err(StructureError::Unsupported(algorithm)) => {
            return Err(Failure::Unsupported { algorithm }.with(&Protection::default()));
        }
        Err(e) => return Err(OpenError::NotPkcs12 { why: e.to_string() }),
    };
    let mut protection = Protection {
        mac: pfx.mac.as_ref().map(|m| MacSummary {
            digest: match (&m.pbmac1, &m.hash) {
                (Some(Ok(p)), _) => p.describe(),
                (Some(Err(_)), _) => "PBMAC1 (invalid)".into(),
                (None, Ok(h)) => h.name().to_string(),
                (None, Err(n)) => format!("unsupported ({n})"),
            },
            iterations: m.iterations,
            salt_bytes: m.salt.len(),
        }),
        encoding: if pfx.ber {
            Encoding::Ber
        } else {
            Encoding::Der
        },
        ..Protection::default()
    };
    // What can be seen before decrypting: encrypted parts protect the certificates
    // in every producer we know; shrouded keys in plain parts protect the key.
    let plain_bags = plain_bags(&pfx);
    if let Some(p) = pfx.parts.iter().find_map(|p| match p {
        Part::Encrypted { pbe, .. } => Some(pbe),
        _ => None,
    }) {
        protection.certificates = Some(Scheme::of(p));
    }
    if let Some(Bag::ShroudedKey { pbe, .. }) = plain_bags
        .iter()
        .find(|b| matches!(b, Bag::ShroudedKey { .. }))
    {
        protection.key = Some(Scheme::of(pbe));
    }

    check_iterations(&pfx, &plain_bags, &protection, options)?;
    // The whole plan must fit before the first round is spent.
    let planned = plan(&pfx, &plain_bags, password);
    if !budget.fits(planned) {
        return Err(Failure::ExcessiveWork {
            needed: planned,
            limit: budget.limit(),
        }
        .with(&protection));
    }
    Ok(Walked {
        pfx,
        plain_bags,
        protection,
        planned,
    })
}

/// How many derivations opening `bytes` with `password` runs side by side
/// first (the first batch: see `first_batch`); 0 when there is no such
/// batch or it would not pay. For a caller whose workers are its own (the
/// page's Web Workers): each job `i` goes to `derive_ahead`, and the
/// results to `open_within_given`.
pub fn ahead_count(bytes: &[u8], password: Option<&str>, options: OpenOptions) -> usize {
    let budget = Budget::new(options.max_work, None);
    let Ok(w) = walk(bytes, password, options, &budget) else {
        return 0;
    };
    let candidates = candidates(password);
    let jobs = first_batch(&w, first_candidate(&candidates), &budget);
    let costs: Vec<u64> = jobs.iter().map(Job::cost).collect();
    if ahead::worth_running_apart(&costs) {
        jobs.len()
    } else {
        0
    }
}

/// Derives job `index` of the first batch within `budget`; None when the
/// file has no such job.
pub fn derive_ahead(
    bytes: &[u8],
    password: Option<&str>,
    options: OpenOptions,
    index: usize,
    budget: &Budget,
) -> Option<Result<Derived, Exhausted>> {
    let w = walk(bytes, password, options, budget).ok()?;
    let candidates = candidates(password);
    let jobs = first_batch(&w, first_candidate(&candidates), budget);
    Some(ahead::derive_one(jobs.get(index)?, budget))
}

/// The PBKDF2 derivation job `index` of the first batch starts with, for
/// another PBKDF2 implementation (the page's WebCrypto); None when the job
/// has none (a MAC, PBES1) or there is no such job. Its key goes to
/// `derive_ahead_keyed`.
pub fn ahead_pbkdf2(
    bytes: &[u8],
    password: Option<&str>,
    options: OpenOptions,
    index: usize,
) -> Option<pbe::Pbkdf2Job> {
    let budget = Budget::new(options.max_work, None);
    let w = walk(bytes, password, options, &budget).ok()?;
    let candidates = candidates(password);
    let jobs = first_batch(&w, first_candidate(&candidates), &budget);
    ahead::pbkdf2_of(jobs.get(index)?)
}

/// `derive_ahead` for a job whose PBKDF2 key was derived elsewhere
/// (`ahead_pbkdf2`): the same result and rounds; None when there is no
/// such job or the key does not fit it.
pub fn derive_ahead_keyed(
    bytes: &[u8],
    password: Option<&str>,
    options: OpenOptions,
    index: usize,
    key: &[u8],
    budget: &Budget,
) -> Option<Result<Derived, Exhausted>> {
    let w = walk(bytes, password, options, budget).ok()?;
    let candidates = candidates(password);
    let jobs = first_batch(&w, first_candidate(&candidates), budget);
    ahead::derive_one_keyed(jobs.get(index)?, key, budget)
}

/// Opens like `open_within`, with results of the first batch derived by
/// other workers (`derive_ahead`), by job index. The decisions are those of
/// `open_within`: a result is what this worker would have derived.
pub fn open_within_given(
    bytes: &[u8],
    password: Option<&str>,
    options: OpenOptions,
    budget: &Budget,
    given: Vec<(usize, Derived)>,
) -> Result<Contents, OpenError> {
    let walked = walk(bytes, password, options, budget)?;
    let candidates = candidates(password);
    let deriver = Deriver::new(
        budget,
        if options.parallel {
            super::par::workers()
        } else {
            1
        },
    );
    let first = first_candidate(&candidates);
    if !given.is_empty() || deriver.runs_ahead() {
        let jobs = first_batch(&walked, first, budget);
        for (i, derived) in given {
            if let Some(job) = jobs.get(i) {
                deriver.keep_derived(job, derived);
            }
        }
        first_tries_ahead(&deriver, &jobs);
    }
    let Walked {
        pfx,
        plain_bags,
        protection,
        planned,
    } = walked;
    let out_of_budget = |e, p: &Protection| exhausted(e, p, planned, budget);

    // `proven`: a MAC verified or a decryption gave well-formed content.
    let (chosen, proven) = match &pfx.mac {
        Some(m) => {
            if let Some(Err(why)) = &m.pbmac1 {
                // Never opens, and says nothing of the password.
                return Err(Failure::Damaged {
                    why: why.clone(),
                    password: PasswordOutcome::Unknown,
                }
                .with(&protection));
            }
            let hash = match &m.hash {
                Ok(h) => *h,
                Err(name) => {
                    return Err(Failure::Unsupported {
                        algorithm: format!("MAC {name}"),
                    }
                    .with(&protection));
                }
            };
            let mut verified = None;
            for (i, c) in candidates.iter().enumerate() {
                if i == 1 {
                    // The first password failed: the other MAC tries side by side.
                    let rest: Vec<Job<'_>> = candidates[1..]
                        .iter()
                        .map(|c| Job::Mac {
                            pfx: &pfx,
                            mac: m,
                            hash,
                            password: c.as_deref().map(|s| s.as_str()),
                        })
                        .collect();
                    deriver.ahead(&rest, |_, done| first_success_decides(done));
                }
                let pw = c.as_deref().map(|s| s.as_str());
                if deriver
                    .mac(&pfx, hash, m, pw)
                    .map_err(|e| out_of_budget(e, &protection))?
                {
                    verified = Some(c.clone());
                    break;
                }
            }
            match verified {
                Some(c) => (c, true),
                None => {
                    return Err(mac_failed(
                        &pfx,
                        &plain_bags,
                        password,
                        protection,
                        (&deriver, planned),
                    ));
                }
            }
        }
        None => match first_that_decrypts(&pfx, &plain_bags, &candidates, &deriver)
            .map_err(|e| out_of_budget(e, &protection))?
        {
            Some(c) => (c.clone(), true),
            None if !has_encryption(&pfx, &plain_bags) => {
                (password.map(|p| Zeroizing::new(p.to_string())), false)
            }
            None if password.is_none() => {
                return Err(Failure::PasswordNeeded.with(&protection));
            }
            None => return Err(Failure::WrongPassword.with(&protection)),
        },
    };

    let outcome = if !proven {
        // Nothing protects the file, as far as its plain parts could be
        // read; a plain part that does not parse might hide a key.
        if plain_parts_parse(&pfx) {
            PasswordOutcome::NotNeeded
        } else {
            PasswordOutcome::Unknown
        }
    } else {
        match (password, chosen.as_deref().map(|s| s.as_str())) {
            (Some(given), Some(used)) if given == used => PasswordOutcome::Correct,
            (Some(""), _) => PasswordOutcome::Correct,
            (Some(_), _) => PasswordOutcome::NotNeeded,
            (None, _) => PasswordOutcome::NotNeeded,
        }
    };
    decrypt_all(
        &pfx,
        plain_bags,
        chosen.as_deref().map(|s| s.as_str()),
        outcome,
        protection,
        &deriver,
    )
}

/// The password tried first: the user's, or "" for none.
fn first_candidate(candidates: &[Option<Zeroizing<String>>]) -> Option<&str> {
    candidates[0].as_deref().map(|s| s.as_str())
}

/// The first batch: the first password's MAC and every visible decryption,
/// what the decision needs in the usual case. Whatever the decision turns
/// out to be, this stays within the plan plus one round of those
/// decryptions; empty when that does not fit or the MAC is refused before
/// any derivation.
fn first_batch<'j>(w: &'j Walked<'j>, password: Option<&'j str>, budget: &Budget) -> Vec<Job<'j>> {
    let (pfx, bags) = (&w.pfx, &w.plain_bags[..]);
    if !budget.fits(w.planned.saturating_add(visible_decryption_cost(pfx, bags))) {
        return Vec::new();
    }
    let mac = pfx.mac.as_ref().and_then(|m| match (&m.hash, &m.pbmac1) {
        (Ok(hash), None | Some(Ok(_))) => Some(Job::Mac {
            pfx,
            mac: m,
            hash: *hash,
            password,
        }),
        // Refused before any derivation.
        _ => None,
    });
    if pfx.mac.is_some() && mac.is_none() {
        return Vec::new();
    }
    mac.into_iter()
        .chain(decryptions(encrypted_items(pfx, bags), password))
        .collect()
}

/// Runs the first batch ahead. When the MAC fails and one decryption
/// succeeds, the file is damaged and the password right unless another
/// password verifies the MAC, which needs none of these decryptions: the
/// rest stop.
fn first_tries_ahead(deriver: &Deriver<'_>, jobs: &[Job<'_>]) {
    let has_mac = jobs.first().is_some_and(|j| matches!(j, Job::Mac { .. }));
    deriver.ahead(jobs, |todo, done| {
        let mac_failed = has_mac
            && todo.first().is_some_and(|j| matches!(j, Job::Mac { .. }))
            && matches!(done[0], Some(Ok(Done::Mac(false))));
        let one_decrypts = done
            .iter()
            .any(|d| matches!(d, Some(Ok(Done::Decrypt(Ok(plain)))) if structure::is_well_formed(plain, der::TAG_SEQUENCE)));
        if mac_failed && one_decrypts {
            (1..todo.len()).collect()
        } else {
            Vec::new()
        }
    });
}

/// Decrypting each of `items` with `password`, as jobs to run ahead.
fn decryptions<'j>(
    items: impl Iterator<Item = (&'j Pbe, &'j [u8])>,
    password: Option<&'j str>,
) -> Vec<Job<'j>> {
    items
        .map(|(pbe, data)| Job::Decrypt {
            pbe,
            data,
            password,
        })
        .collect()
}

/// Of tries in order, the first that succeeds decides: the later ones stop.
fn first_success_decides(done: &Results) -> Vec<usize> {
    match done
        .iter()
        .position(|d| matches!(d, Some(Ok(Done::Mac(true)))))
    {
        Some(i) => (i + 1..done.len()).collect(),
        None => Vec::new(),
    }
}

/// Encrypted parts, then shrouded keys among `bags`: what a password can
/// decrypt before anything else is, in the order the decision looks at them.
fn encrypted_items<'x>(
    pfx: &'x Pfx<'_>,
    bags: &'x [Bag],
) -> impl Iterator<Item = (&'x Pbe, &'x [u8])> {
    let parts = pfx.parts.iter().filter_map(|p| match p {
        Part::Encrypted { pbe: Ok(pbe), data } => Some((pbe, &data[..])),
        _ => None,
    });
    parts.chain(shrouded_keys(bags))
}

fn shrouded_keys(bags: &[Bag]) -> impl Iterator<Item = (&Pbe, &[u8])> {
    bags.iter().filter_map(|b| match b {
        Bag::ShroudedKey {
            pbe: Ok(pbe), data, ..
        } => Some((pbe, &data[..])),
        _ => None,
    })
}

/// The first candidate that decrypts a part into well-formed data.
fn first_that_decrypts<'c>(
    pfx: &Pfx<'_>,
    bags: &[Bag],
    candidates: &'c [Option<Zeroizing<String>>],
    deriver: &Deriver<'_>,
) -> Result<Option<&'c Option<Zeroizing<String>>>, Exhausted> {
    for c in candidates {
        if any_part_decrypts(pfx, bags, c.as_deref().map(|s| s.as_str()), deriver)? {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

/// The rounds of every derivation visible before decrypting anything.
fn visible_decryption_cost(pfx: &Pfx<'_>, bags: &[Bag]) -> u64 {
    encrypted_items(pfx, bags)
        .map(|(pbe, _)| pbe::cost(pbe))
        .fold(0, u64::saturating_add)
}

/// The most rounds opening can take with this password, whichever way the
/// decision goes: every MAC try, then every decryption the decision needs.
/// Shrouded keys inside encrypted parts are planned once those are decrypted.
fn plan(pfx: &Pfx<'_>, bags: &[Bag], password: Option<&str>) -> u64 {
    let tries = candidates(password).len() as u64;
    let decryptions = visible_decryption_cost(pfx, bags);
    match &pfx.mac {
        Some(m) => match &m.hash {
            Ok(hash) => {
                // A failed MAC decrypts with one password, or with "" and absent.
                let retries = if password.is_some_and(|p| !p.is_empty()) {
                    1
                } else {
                    2
                };
                let one_try = match &m.pbmac1 {
                    Some(Ok(p)) => mac::pbmac1_cost(p),
                    _ => mac::cost(*hash, m.iterations),
                };
                one_try
                    .saturating_mul(tries)
                    .saturating_add(decryptions.saturating_mul(retries))
            }
            Err(_) => 0,
        },
        // Each candidate may decrypt everything once; the winner then decrypts all.
        None => decryptions.saturating_mul(tries + 1),
    }
}

/// The passwords to try: the user's, then the empty and absent encodings,
/// which producers use for "no password" (the two encode differently).
/// Copies of the password are zeroized when dropped.
fn candidates(password: Option<&str>) -> Vec<Option<Zeroizing<String>>> {
    let mut c: Vec<Option<Zeroizing<String>>> = Vec::new();
    if let Some(p) = password
        && !p.is_empty()
    {
        c.push(Some(Zeroizing::new(p.to_string())));
    }
    c.push(Some(Zeroizing::new(String::new())));
    c.push(None);
    c
}

fn plain_bags(pfx: &Pfx<'_>) -> Vec<Bag> {
    let mut bags = Vec::new();
    for part in &pfx.parts {
        if let Part::Plain(data) = part {
            // A malformed plain part is reported later, with the password known.
            let _ = structure::parse_safe_contents(data, &mut bags);
        }
    }
    bags
}

fn plain_parts_parse(pfx: &Pfx<'_>) -> bool {
    pfx.parts.iter().all(|part| match part {
        Part::Plain(data) => structure::parse_safe_contents(data, &mut Vec::new()).is_ok(),
        _ => true,
    })
}

fn has_encryption(pfx: &Pfx<'_>, plain_bags: &[Bag]) -> bool {
    pfx.parts
        .iter()
        .any(|p| matches!(p, Part::Encrypted { .. }))
        || plain_bags
            .iter()
            .any(|b| matches!(b, Bag::ShroudedKey { .. }))
}

fn check_iterations(
    pfx: &Pfx<'_>,
    bags: &[Bag],
    protection: &Protection,
    options: OpenOptions,
) -> Result<(), OpenError> {
    let mut counts: Vec<u64> = Vec::new();
    if let Some(m) = &pfx.mac {
        counts.push(m.iterations);
    }
    for p in &pfx.parts {
        if let Part::Encrypted { pbe: Ok(pbe), .. } = p {
            counts.push(pbe.iterations());
        }
    }
    for b in bags {
        if let Bag::ShroudedKey { pbe: Ok(pbe), .. } = b {
            counts.push(pbe.iterations());
        }
    }
    match counts.into_iter().max() {
        Some(found) if found > options.max_iterations => Err(Failure::ExcessiveIterations {
            found,
            limit: options.max_iterations,
        }
        .with(protection)),
        _ => Ok(()),
    }
}

/// Decrypts one encrypted thing and checks the result is well-formed DER of the expected shape.
fn decrypts_well(
    pbe: &Pbe,
    password: Option<&str>,
    data: &[u8],
    tag: u8,
    deriver: &Deriver<'_>,
) -> Result<Option<Zeroizing<Vec<u8>>>, Exhausted> {
    Ok(deriver
        .decrypt(pbe, password, data)?
        .ok()
        .filter(|plain| structure::is_well_formed(plain, tag)))
}

fn any_part_decrypts(
    pfx: &Pfx<'_>,
    bags: &[Bag],
    password: Option<&str>,
    deriver: &Deriver<'_>,
) -> Result<bool, Exhausted> {
    // Results at hand first: which one proves the password does not matter.
    let (known, unknown): (Vec<_>, Vec<_>) =
        encrypted_items(pfx, bags).partition(|(pbe, data)| deriver.has(pbe, password, data));
    for (pbe, data) in known.into_iter().chain(unknown) {
        if decrypts_well(pbe, password, data, der::TAG_SEQUENCE, deriver)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The MAC did not verify: if the given password still decrypts a part into
/// well-formed data, the password is right and the file was altered.
fn mac_failed(
    pfx: &Pfx<'_>,
    bags: &[Bag],
    password: Option<&str>,
    protection: Protection,
    (deriver, planned): (&Deriver<'_>, u64),
) -> OpenError {
    let tries: Vec<Option<&str>> = match password {
        Some(p) if !p.is_empty() => vec![Some(p)],
        _ => vec![Some(""), None],
    };
    for p in tries {
        match any_part_decrypts(pfx, bags, p, deriver) {
            Ok(true) => {
                return Failure::Damaged {
                    why: "the MAC does not match, but the password decrypts the contents".into(),
                    password: PasswordOutcome::Correct,
                }
                .with(&protection);
            }
            Ok(false) => {}
            Err(e) => return exhausted(e, &protection, planned, deriver.budget),
        }
    }
    if !has_encryption(pfx, bags) {
        // Nothing to decrypt: the MAC is the only witness. Without encryption a
        // wrong password and a damaged file look the same; name the likelier.
        return Failure::WrongPassword.with(&protection);
    }
    match password {
        None => Failure::PasswordNeeded,
        Some(_) => Failure::WrongPassword,
    }
    .with(&protection)
}

fn decrypt_all(
    pfx: &Pfx<'_>,
    plain_bags: Vec<Bag>,
    password: Option<&str>,
    outcome: PasswordOutcome,
    mut protection: Protection,
    deriver: &Deriver<'_>,
) -> Result<Contents, OpenError> {
    let budget = deriver.budget;
    // Every visible decryption side by side (usually all done already).
    deriver.ahead(
        &decryptions(encrypted_items(pfx, &plain_bags), password),
        |_, _| Vec::new(),
    );
    let mut bags = Vec::new();
    for part in &pfx.parts {
        match part {
            Part::Plain(data) => {
                structure::parse_safe_contents(data, &mut bags)
                    .map_err(|e| damaged_or_unsupported(&protection, e, outcome))?;
            }
            Part::Encrypted { pbe: Err(name), .. } => {
                return Err(Failure::Unsupported {
                    algorithm: name.clone(),
                }
                .with(&protection));
            }
            Part::Encrypted { pbe: Ok(pbe), data } => {
                let plain = deriver
                    .decrypt(pbe, password, data)
                    .map_err(|e| exhausted(e, &protection, budget.spent(), budget))?
                    .map_err(|_| {
                        Failure::Damaged {
                            why: "an encrypted part does not decrypt".into(),
                            password: outcome,
                        }
                        .with(&protection)
                    })?;
                structure::parse_safe_contents(&plain, &mut bags)
                    .map_err(|e| damaged_or_unsupported(&protection, e, outcome))?;
            }
            Part::Other(name) => bags.push(Bag::Other(name.clone())),
        }
    }
    drop(plain_bags);
    // Keys found inside encrypted parts were not in the plan: plan them now,
    // before deriving any of them (those already decrypted are paid for).
    let hidden_keys = shrouded_keys(&bags)
        .filter(|(pbe, data)| !deriver.has(pbe, password, data))
        .map(|(pbe, _)| pbe::cost(pbe))
        .fold(0, u64::saturating_add);
    if !budget.fits(hidden_keys) {
        return Err(Failure::ExcessiveWork {
            needed: budget.spent().saturating_add(hidden_keys),
            limit: budget.limit(),
        }
        .with(&protection));
    }
    // The keys side by side; the first that fails decides, the later ones stop.
    deriver.ahead(&decryptions(shrouded_keys(&bags), password), |_, done| {
        first_failure_decides(done)
    });

    let mut contents = Contents {
        password: outcome,
        protection: Protection::default(),
        certificates: Vec::new(),
        keys: Vec::new(),
        other_bags: Vec::new(),
    };
    for bag in bags {
        match bag {
            Bag::Cert { der, attrs } => contents.certificates.push((der, attrs)),
            Bag::Key { pkcs8, attrs } => {
                protection.key.get_or_insert_with(Scheme::none);
                contents.keys.push((pkcs8, attrs));
            }
            Bag::ShroudedKey { pbe, data, attrs } => {
                if protection.key.is_none() {
                    protection.key = Some(Scheme::of(&pbe));
                }
                let pbe =
                    pbe.map_err(|algorithm| Failure::Unsupported { algorithm }.with(&protection))?;
                let key = decrypts_well(&pbe, password, &data, der::TAG_SEQUENCE, deriver)
                    .map_err(|e| exhausted(e, &protection, budget.spent(), budget))?
                    .ok_or_else(|| {
                        Failure::Damaged {
                            why: "the private key does not decrypt".into(),
                            password: outcome,
                        }
                        .with(&protection)
                    })?;
                contents.keys.push((key, attrs));
            }
            Bag::Other(name) => contents.other_bags.push(name),
        }
    }
    if protection.certificates.is_none() && !contents.certificates.is_empty() {
        protection.certificates = Some(Scheme::none());
    }
    contents.protection = protection;
    Ok(contents)
}

/// Of decryptions taken in order, the first that fails decides: the later
/// ones stop.
fn first_failure_decides(done: &Results) -> Vec<usize> {
    let fails = |d: &Option<Result<Done, Exhausted>>| {
        matches!(d, Some(Ok(Done::Decrypt(plain)))
            if !plain.as_ref().is_ok_and(|p| structure::is_well_formed(p, der::TAG_SEQUENCE)))
    };
    match done.iter().position(fails) {
        Some(i) => (i + 1..done.len()).collect(),
        None => Vec::new(),
    }
}

fn damaged_or_unsupported(
    protection: &Protection,
    e: StructureError,
    outcome: PasswordOutcome,
) -> OpenError {
    match e {
        StructureError::Unsupported(algorithm) => {
            Failure::Unsupported { algorithm }.with(protection)
        }
        e @ (StructureError::TooMany(_) | StructureError::Der(der::DerError::TooDeep)) => {
            OpenError::TooComplex { why: e.to_string() }
        }
        other => Failure::Damaged {
            why: other.to_string(),
            password: outcome,
        }
        .with(protection),
    }
}

/// Tests passwords against one file without opening it fully: the MAC when
/// there is one, else a well-formed decryption. Parsed once, shareable
/// between threads (used to find the slip behind a wrong password).
pub struct PasswordProbe<'a> {
    pfx: Pfx<'a>,
    bags: Vec<Bag>,
}

impl<'a> PasswordProbe<'a> {
    /// None when the file cannot be walked, or its iteration counts exceed the limit.
    pub fn new(bytes: &'a [u8], options: OpenOptions) -> Option<PasswordProbe<'a>> {
        let pfx = structure::parse_pfx(bytes).ok()?;
        let bags = plain_bags(&pfx);
        check_iterations(&pfx, &bags, &Protection::default(), options).ok()?;
        Some(PasswordProbe { pfx, bags })
    }

    /// The most rounds one try costs.
    pub fn cost(&self) -> u64 {
        match &self.pfx.mac {
            Some(m) => match (&m.pbmac1, &m.hash) {
                (Some(Ok(p)), _) => mac::pbmac1_cost(p),
                (_, h) => h.as_ref().map_or(0, |h| mac::cost(*h, m.iterations)),
            },
            None => visible_decryption_cost(&self.pfx, &self.bags),
        }
    }

    /// Whether `password` opens the file, paid from `budget`.
    pub fn opens(&self, password: &str, budget: &Budget) -> Result<bool, Exhausted> {
        // The slip search runs tries side by side itself: one at a time here.
        let deriver = Deriver::new(budget, 1);
        match &self.pfx.mac {
            Some(m) => match &m.hash {
                Ok(hash) => deriver.mac(&self.pfx, *hash, m, Some(password)),
                Err(_) => Ok(false),
            },
            None => any_part_decrypts(&self.pfx, &self.bags, Some(password), &deriver),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Encoding;

    #[test]
    fn encoding_prints_as_before() {
        for (e, text) in [
            (Encoding::Unknown, ""),
            (Encoding::Der, "DER"),
            (Encoding::Ber, "BER"),
        ] {
            assert_eq!(e.to_string(), text);
        }
    }
}
