//! Whether a certificate's private key opens without a prompt.

use super::store::Context;
use crate::facts::KeyAccess;
use std::ptr;
use windows_sys::Win32::Foundation::{
    CRYPT_E_NO_KEY_PROPERTY, GetLastError, NTE_BAD_KEYSET, NTE_NO_KEY, NTE_SILENT_CONTEXT,
};
use windows_sys::Win32::Security::Cryptography::{
    CERT_KEY_PROV_INFO_PROP_ID, CERT_KEY_SPEC, CERT_NCRYPT_KEY_SPEC,
    CRYPT_ACQUIRE_PREFER_NCRYPT_KEY_FLAG, CRYPT_ACQUIRE_SILENT_FLAG,
    CertGetCertificateContextProperty, CryptAcquireCertificatePrivateKey, CryptReleaseContext,
    HCRYPTPROV_OR_NCRYPT_KEY_HANDLE, NCRYPT_HANDLE, NCRYPT_SILENT_FLAG,
    NCRYPT_UI_FORCE_HIGH_PROTECTION_FLAG, NCRYPT_UI_POLICY, NCRYPT_UI_POLICY_PROPERTY,
    NCRYPT_UI_PROTECT_KEY_FLAG, NCryptFreeObject, NCryptGetProperty,
};

/// Opens the key silently and closes it again; nothing is read from it.
pub fn probe(cert: &Context) -> KeyAccess {
    let mut size = 0u32;
    // SAFETY: a size query with a null buffer.
    let has_prop = unsafe {
        CertGetCertificateContextProperty(
            cert.as_ptr(),
            CERT_KEY_PROV_INFO_PROP_ID,
            ptr::null_mut(),
            &mut size,
        )
    };
    if has_prop == 0 {
        return KeyAccess::NoKey;
    }

    let mut handle: HCRYPTPROV_OR_NCRYPT_KEY_HANDLE = 0;
    let mut spec: CERT_KEY_SPEC = 0;
    let mut caller_frees = 0;
    // SAFETY: out-pointers to locals; SILENT forbids any UI.
    let ok = unsafe {
        CryptAcquireCertificatePrivateKey(
            cert.as_ptr(),
            CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_PREFER_NCRYPT_KEY_FLAG,
            ptr::null(),
            &mut handle,
            &mut spec,
            &mut caller_frees,
        )
    };
    if ok == 0 {
        // SAFETY: reads the calling thread's last error.
        let code = unsafe { GetLastError() } as i32;
        return classify(code);
    }
    // A CNG key opens silently even with strong protection; the prompt comes
    // when it is used. Its UI policy says whether it will.
    let protected = spec == CERT_NCRYPT_KEY_SPEC && ui_protected(handle);
    if caller_frees != 0 {
        // SAFETY: the handle kind follows the key spec, as documented.
        unsafe {
            if spec == CERT_NCRYPT_KEY_SPEC {
                NCryptFreeObject(handle);
            } else {
                CryptReleaseContext(handle, 0);
            }
        }
    }
    if protected {
        KeyAccess::NeedsPrompt
    } else {
        KeyAccess::Usable
    }
}

/// Whether a CNG key's UI policy asks for confirmation or a password on use.
/// A key without a policy, or one whose policy cannot be read, is not protected.
fn ui_protected(key: NCRYPT_HANDLE) -> bool {
    let mut size = 0u32;
    // SAFETY: a size query with a null buffer.
    let hr = unsafe {
        NCryptGetProperty(
            key,
            NCRYPT_UI_POLICY_PROPERTY,
            ptr::null_mut(),
            0,
            &mut size,
            NCRYPT_SILENT_FLAG,
        )
    };
    if hr != 0 || (size as usize) < size_of::<NCRYPT_UI_POLICY>() {
        return false;
    }
    // u64 cells: the structure holds pointers and needs their alignment.
    let mut buf = vec![0u64; (size as usize).div_ceil(8)];
    // SAFETY: the buffer has `size` writable bytes.
    let hr = unsafe {
        NCryptGetProperty(
            key,
            NCRYPT_UI_POLICY_PROPERTY,
            buf.as_mut_ptr().cast(),
            size,
            &mut size,
            NCRYPT_SILENT_FLAG,
        )
    };
    if hr != 0 {
        return false;
    }
    // SAFETY: on success the buffer starts with an aligned NCRYPT_UI_POLICY.
    let policy = unsafe { &*buf.as_ptr().cast::<NCRYPT_UI_POLICY>() };
    policy.dwFlags & (NCRYPT_UI_PROTECT_KEY_FLAG | NCRYPT_UI_FORCE_HIGH_PROTECTION_FLAG) != 0
}

fn classify(code: i32) -> KeyAccess {
    match code {
        NTE_SILENT_CONTEXT => KeyAccess::NeedsPrompt,
        NTE_BAD_KEYSET | NTE_NO_KEY | CRYPT_E_NO_KEY_PROPERTY => KeyAccess::Missing,
        other => KeyAccess::Failed(other),
    }
}
