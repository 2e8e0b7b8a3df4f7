//! The chain Windows builds for a certificate, and where its root sits.

use super::store::{Context, Store, encoded};
use crate::facts::ChainFacts;
use certcheck_core::cert::Thumbprint;
use std::ptr;
use windows_sys::Win32::Foundation::GetLastError;
use windows_sys::Win32::Security::Cryptography::{
    CERT_CHAIN_CONTEXT, CERT_CHAIN_PARA, CERT_TRUST_IS_SELF_SIGNED, CertFreeCertificateChain,
    CertGetCertificateChain,
};

/// Builds the chain with the current user's engine (no revocation checks, no
/// network) and looks its top certificate up in the Root stores.
pub fn probe(cert: &Context, roots: &[&Store]) -> Result<ChainFacts, i32> {
    let para = CERT_CHAIN_PARA {
        cbSize: size_of::<CERT_CHAIN_PARA>() as u32,
        ..Default::default()
    };
    let mut chain: *mut CERT_CHAIN_CONTEXT = ptr::null_mut();
    // SAFETY: the default engine (null), the current time (null), no extra store.
    let ok = unsafe {
        CertGetCertificateChain(
            ptr::null_mut(),
            cert.0,
            ptr::null(),
            ptr::null_mut(),
            &para,
            0,
            ptr::null(),
            &mut chain,
        )
    };
    if ok == 0 || chain.is_null() {
        // SAFETY: reads the calling thread's last error.
        return Err(unsafe { GetLastError() } as i32);
    }
    // SAFETY: a successful call returns a chain context with at least one
    // simple chain of at least one element; it is freed below.
    let facts = unsafe {
        let ctx = &*chain;
        let error_status = ctx.TrustStatus.dwErrorStatus;
        let mut root_location = None;
        if ctx.cChain > 0 {
            let simple = &**ctx.rgpChain;
            if simple.cElement > 0 {
                let top = &**simple.rgpElement.add(simple.cElement as usize - 1);
                if top.TrustStatus.dwInfoStatus & CERT_TRUST_IS_SELF_SIGNED != 0 {
                    let sha1 = Thumbprint::of(encoded(top.pCertContext)).0;
                    root_location = roots.iter().find(|s| s.contains(&sha1)).map(|s| s.location);
                }
            }
        }
        CertFreeCertificateChain(chain);
        ChainFacts {
            error_status,
            root_location,
        }
    };
    Ok(facts)
}
