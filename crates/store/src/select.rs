//! Which certificates in the personal stores are the claim certificate.

use crate::Query;
use crate::facts::{Listed, Location};
use certcheck_core::{Thumbprint, summarize_certificate};

/// The outcome of the selection.
#[derive(Debug, Default)]
pub struct Selection {
    /// Indices into the listed certificates, CurrentUser before LocalMachine.
    pub chosen: Vec<usize>,
    /// Asked-for thumbprints found in no personal store.
    pub missing: Vec<Thumbprint>,
}

/// Picks the candidates.
///
/// With thumbprints: each one where it is, CurrentUser preferred; LocalMachine
/// only when CurrentUser lacks it (that is the wrong-location mistake).
///
/// Without: every end-entity certificate in CurrentUser MY allowing client
/// authentication, narrowed by `issuer_contains`. LocalMachine MY is looked at
/// only when the issuer is narrowed or CurrentUser has none: domain PCs keep
/// their own machine certificates (with clientAuth) there, which are not ours.
pub fn select(query: &Query, listed: &[Listed]) -> Selection {
    let sha1: Vec<Thumbprint> = listed.iter().map(|l| Thumbprint::of(&l.der)).collect();
    let in_location = |loc: Location| (0..listed.len()).filter(move |&i| listed[i].location == loc);

    let mut sel = Selection::default();
    if !query.thumbprints.is_empty() {
        for t in &query.thumbprints {
            let user: Vec<usize> = in_location(Location::CurrentUserMy)
                .filter(|&i| sha1[i] == *t)
                .collect();
            let found = if user.is_empty() {
                in_location(Location::LocalMachineMy)
                    .filter(|&i| sha1[i] == *t)
                    .collect()
            } else {
                user
            };
            if found.is_empty() {
                sel.missing.push(*t);
            }
            for i in found {
                if !sel.chosen.contains(&i) {
                    sel.chosen.push(i);
                }
            }
        }
        return sel;
    }

    let needle = query.issuer_contains.as_deref().map(str::to_lowercase);
    let fits = |i: usize| {
        summarize_certificate(&listed[i].der).is_ok_and(|info| {
            info.client_auth
                && !info.is_ca
                && needle
                    .as_deref()
                    .is_none_or(|n| info.issuer.to_lowercase().contains(n))
        })
    };
    sel.chosen = in_location(Location::CurrentUserMy)
        .filter(|&i| fits(i))
        .collect();
    if needle.is_some() || sel.chosen.is_empty() {
        let user_sha1: Vec<Thumbprint> = sel.chosen.iter().map(|&i| sha1[i]).collect();
        let machine: Vec<usize> = in_location(Location::LocalMachineMy)
            .filter(|&i| fits(i) && !user_sha1.contains(&sha1[i]))
            .collect();
        sel.chosen.extend(machine);
    }
    sel
}
