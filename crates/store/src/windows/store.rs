//! Read-only handles on the system stores.

use crate::facts::{Listed, Location};
use std::ptr;
use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, GetLastError};
use windows_sys::Win32::Security::Cryptography::{
    CERT_CONTEXT, CERT_FIND_SHA1_HASH, CERT_STORE_OPEN_EXISTING_FLAG,
    CERT_STORE_PROV_SYSTEM_REGISTRY_W, CERT_STORE_PROV_SYSTEM_W, CERT_STORE_READONLY_FLAG,
    CERT_SYSTEM_STORE_CURRENT_USER, CERT_SYSTEM_STORE_LOCAL_MACHINE, CRYPT_INTEGER_BLOB,
    CertCloseStore, CertEnumCertificatesInStore, CertFindCertificateInStore,
    CertFreeCertificateContext, HCERTSTORE, PKCS_7_ASN_ENCODING, X509_ASN_ENCODING,
};

/// An open store, closed on drop.
pub struct Store {
    handle: HCERTSTORE,
    pub location: Location,
}

impl Store {
    /// Opens a system store read-only. `Ok(None)` when it does not exist yet
    /// (a fresh profile has no MY until something is imported): that is an
    /// empty store, not a failure.
    pub fn open(location: Location) -> Result<Option<Store>, u32> {
        let (name, flags, provider) = match location {
            // CurrentUser through the registry provider alone: the plain system
            // provider also shows LocalMachine's certificates under CurrentUser
            // (Root on Windows, every store on Wine), which would hide the
            // wrong-location mistake.
            Location::CurrentUserMy => (
                "MY",
                CERT_SYSTEM_STORE_CURRENT_USER,
                CERT_STORE_PROV_SYSTEM_REGISTRY_W,
            ),
            Location::CurrentUserRoot => (
                "Root",
                CERT_SYSTEM_STORE_CURRENT_USER,
                CERT_STORE_PROV_SYSTEM_REGISTRY_W,
            ),
            Location::CurrentUserCa => (
                "CA",
                CERT_SYSTEM_STORE_CURRENT_USER,
                CERT_STORE_PROV_SYSTEM_REGISTRY_W,
            ),
            Location::LocalMachineMy => (
                "MY",
                CERT_SYSTEM_STORE_LOCAL_MACHINE,
                CERT_STORE_PROV_SYSTEM_W,
            ),
            Location::LocalMachineRoot => (
                "Root",
                CERT_SYSTEM_STORE_LOCAL_MACHINE,
                CERT_STORE_PROV_SYSTEM_W,
            ),
        };
        let wide: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
        // SAFETY: the provider takes a NUL-terminated UTF-16 name that outlives the call.
        let handle = unsafe {
            windows_sys::Win32::Security::Cryptography::CertOpenStore(
                provider,
                0,
                0,
                flags | CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG,
                wide.as_ptr().cast(),
            )
        };
        if handle.is_null() {
            // SAFETY: reads the calling thread's last error.
            let code = unsafe { GetLastError() };
            return if code == ERROR_FILE_NOT_FOUND {
                Ok(None)
            } else {
                Err(code)
            };
        }
        Ok(Some(Store { handle, location }))
    }

    /// Every certificate in the store, as DER.
    pub fn list(&self) -> Vec<Listed> {
        let mut out = Vec::new();
        let mut ctx: *const CERT_CONTEXT = ptr::null();
        loop {
            // SAFETY: passing the previous context back frees it; the loop ends
            // on NULL, so no context is leaked.
            ctx = unsafe { CertEnumCertificatesInStore(self.handle, ctx) };
            if ctx.is_null() {
                break;
            }
            // SAFETY: a non-null context from the store stays valid until it is
            // passed back, which the borrow of `ctx` prevents while the bytes are read.
            out.push(Listed {
                der: unsafe { encoded(ctx, &ctx) }.to_vec(),
                location: self.location,
            });
        }
        out
    }

    /// The certificate with this SHA-1 thumbprint, if present.
    pub fn find(&self, sha1: &[u8; 20]) -> Option<Context> {
        let blob = CRYPT_INTEGER_BLOB {
            cbData: 20,
            pbData: sha1.as_ptr().cast_mut(),
        };
        // SAFETY: the blob points at 20 bytes that outlive the call.
        let ctx = unsafe {
            CertFindCertificateInStore(
                self.handle,
                X509_ASN_ENCODING | PKCS_7_ASN_ENCODING,
                0,
                CERT_FIND_SHA1_HASH,
                (&raw const blob).cast(),
                ptr::null(),
            )
        };
        (!ctx.is_null()).then_some(Context(ctx))
    }

    pub fn contains(&self, sha1: &[u8; 20]) -> bool {
        self.find(sha1).is_some()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // SAFETY: the handle came from CertOpenStore and is closed once.
        unsafe { CertCloseStore(self.handle, 0) };
    }
}

/// A certificate context owned by us, freed on drop. The pointer is private:
/// only [`Store::find`] makes one, so no other pointer can reach the free.
pub struct Context(*const CERT_CONTEXT);

impl Context {
    /// The context, for calls that borrow it; valid while `self` lives.
    pub fn as_ptr(&self) -> *const CERT_CONTEXT {
        self.0
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        // SAFETY: the context came from CertFindCertificateInStore and is freed once.
        unsafe { CertFreeCertificateContext(self.0) };
    }
}

/// The DER bytes of a context, borrowed for as long as `owner`, which keeps
/// the context alive, is borrowed.
///
/// # Safety
/// `ctx` must be a valid certificate context that stays valid while `owner` is borrowed.
pub unsafe fn encoded<'a, O: ?Sized>(ctx: *const CERT_CONTEXT, _owner: &'a O) -> &'a [u8] {
    // SAFETY: the caller guarantees the context; CryptoAPI keeps the bytes with it.
    unsafe { std::slice::from_raw_parts((*ctx).pbCertEncoded, (*ctx).cbCertEncoded as usize) }
}
