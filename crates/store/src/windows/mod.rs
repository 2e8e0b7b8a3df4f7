//! Gathers the facts from the real stores through the CryptoAPI.

mod chain;
mod key;
mod store;

use crate::Query;
use crate::decide::Observations;
use crate::facts::{Location, Observed, OpenFailure};
use crate::select::select;
use certcheck_core::Thumbprint;
use store::Store;

/// Opens the stores read-only, selects the candidates and probes each.
pub fn observe(query: &Query) -> Observations {
    let mut obs = Observations::default();
    let mut open = |location| match Store::open(location) {
        Ok(store) => store,
        Err(code) => {
            obs.failures.push(OpenFailure { location, code });
            None
        }
    };
    let user_my = open(Location::CurrentUserMy);
    let machine_my = open(Location::LocalMachineMy);
    // CurrentUser first: the procedure installs the root there.
    let roots: Vec<Store> = [Location::CurrentUserRoot, Location::LocalMachineRoot]
        .into_iter()
        .filter_map(&mut open)
        .collect();
    // Opened so that a broken CA store shows up; the chain engine reads it itself.
    let _user_ca = open(Location::CurrentUserCa);
    let roots: Vec<&Store> = roots.iter().collect();

    let mys: Vec<&Store> = [&user_my, &machine_my].into_iter().flatten().collect();
    let listed: Vec<_> = mys.iter().flat_map(|s| s.list()).collect();
    let selection = select(query, &listed);
    obs.missing = selection.missing;
    for i in selection.chosen {
        let item = &listed[i];
        let sha1 = Thumbprint::of(&item.der).0;
        let Some(ctx) = mys
            .iter()
            .find(|s| s.location == item.location)
            .and_then(|s| s.find(&sha1))
        else {
            continue;
        };
        obs.observed.push(Observed {
            listed: item.clone(),
            key: key::probe(&ctx),
            chain: chain::probe(&ctx, &roots),
        });
    }
    obs
}
