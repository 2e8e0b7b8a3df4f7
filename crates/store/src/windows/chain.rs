//! The chain Windows builds for a certificate, and where its root sits.

use super::store::{Context, Store, encoded};
use crate::facts::ChainFacts;
use certcheck_core::Thumbprint;
use std::ptr;
use windows_sys::Win32::Foundation::GetLastError;
use windows_sys::Win32::Security::Cryptography::{
    CERT_CHAIN_CONTEXT, CERT_CHAIN_PARA, CERT_TRUST_IS_SELF_SIGNED, CertFreeCertificateChain,
    CertGetCertificateChain,
};

/// A chain context owned by us, freed on drop (on every way out).
struct Chain(*const CERT_CHAIN_CONTEXT);

impl Chain {
    /// Builds the chain with the current user's engine (no revocation checks,
    /// no network); Err is the Win32 error code.
    fn build(cert: &Context) -> Result<Chain, i32> {
        let para = CERT_CHAIN_PARA {
            cbSize: size_of::<CERT_CHAIN_PARA>() as u32,
            ..Default::default()
        };
        let mut chain: *mut CERT_CHAIN_CONTEXT = ptr::null_mut();
        // SAFETY: the default engine (null), the current time (null), no extra
        // store; `cert` is a live context and `chain` an out-pointer to a local.
        let ok = unsafe {
            CertGetCertificateChain(
                ptr::null_mut(),
                cert.as_ptr(),
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
        Ok(Chain(chain))
    }

    fn context(&self) -> &CERT_CHAIN_CONTEXT {
        // SAFETY: a chain context from a successful call, alive until drop.
        unsafe { &*self.0 }
    }

    /// The DER of the chain's top certificate when it is self-signed (a root).
    fn self_signed_top(&self) -> Option<&[u8]> {
        let ctx = self.context();
        if ctx.cChain == 0 {
            return None;
        }
        // SAFETY: `cChain` > 0 simple chains, each with `cElement` elements, all
        // owned by the chain context and alive while `self` is borrowed.
        unsafe {
            let simple = &**ctx.rgpChain;
            if simple.cElement == 0 {
                return None;
            }
            let top = &**simple.rgpElement.add(simple.cElement as usize - 1);
            (top.TrustStatus.dwInfoStatus & CERT_TRUST_IS_SELF_SIGNED != 0)
                .then(|| encoded(top.pCertContext, self))
        }
    }
}

impl Drop for Chain {
    fn drop(&mut self) {
        // SAFETY: the context came from CertGetCertificateChain and is freed once.
        unsafe { CertFreeCertificateChain(self.0) };
    }
}

/// Builds the chain and looks its top certificate up in the Root stores.
pub fn probe(cert: &Context, roots: &[&Store]) -> Result<ChainFacts, i32> {
    let chain = Chain::build(cert)?;
    let root_location = chain.self_signed_top().and_then(|top| {
        let sha1 = Thumbprint::of(top).0;
        roots.iter().find(|s| s.contains(&sha1)).map(|s| s.location)
    });
    Ok(ChainFacts {
        error_status: chain.context().TrustStatus.dwErrorStatus,
        root_location,
    })
}
