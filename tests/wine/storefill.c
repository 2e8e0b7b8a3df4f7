/*
 * Fills a Wine prefix's certificate stores for one test scenario, the way the
 * import wizard would (or would not). Test-only; certcheck itself never writes.
 *
 *   storefill.exe OP...
 *   OP = pfx FILE PASSWORD user|machine key|nokey
 *          imports FILE with PFXImportCertStore; its end-entity certificate
 *          goes to MY (with its key, or as bare DER for "nokey"), any other
 *          non-self-signed certificate to CA
 *      | cert FILE.der STORE user|machine
 *          adds one DER certificate to STORE (Root, CA, MY): Wine's
 *          PFXImportCertStore leaves self-signed roots out, so roots come here
 *
 * Exits non-zero with a message on the first failure.
 */
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define ENCODING (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING)

static void fail(const wchar_t *what, const wchar_t *arg)
{
    fwprintf(stderr, L"storefill: %ls %ls failed: 0x%08lx\n", what, arg, GetLastError());
    exit(1);
}

static BYTE *read_file(const wchar_t *path, DWORD *size)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        fail(L"open", path);
    *size = GetFileSize(f, NULL);
    BYTE *data = malloc(*size);
    DWORD got = 0;
    if (!data || !ReadFile(f, data, *size, &got, NULL) || got != *size)
        fail(L"read", path);
    CloseHandle(f);
    return data;
}

static DWORD location(const wchar_t *where)
{
    if (!wcscmp(where, L"user"))
        return CERT_SYSTEM_STORE_CURRENT_USER;
    if (!wcscmp(where, L"machine"))
        return CERT_SYSTEM_STORE_LOCAL_MACHINE;
    fwprintf(stderr, L"storefill: location must be user or machine, not %ls\n", where);
    exit(64);
}

static HCERTSTORE open_system(const wchar_t *name, DWORD loc)
{
    HCERTSTORE s = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, loc, name);
    if (!s)
        fail(L"CertOpenStore", name);
    return s;
}

static void add_encoded(HCERTSTORE store, const BYTE *der, DWORD size, const wchar_t *what)
{
    if (!CertAddEncodedCertificateToStore(store, ENCODING, der, size, CERT_STORE_ADD_REPLACE_EXISTING, NULL))
        fail(L"CertAddEncodedCertificateToStore", what);
}

static void import_pfx(const wchar_t *path, const wchar_t *password, DWORD loc, BOOL with_key)
{
    CRYPT_DATA_BLOB blob;
    blob.pbData = read_file(path, &blob.cbData);
    DWORD flags = loc == CERT_SYSTEM_STORE_LOCAL_MACHINE ? CRYPT_MACHINE_KEYSET : CRYPT_USER_KEYSET;
    HCERTSTORE pfx = PFXImportCertStore(&blob, password, flags);
    if (!pfx)
        fail(L"PFXImportCertStore", path);

    HCERTSTORE my = open_system(L"MY", loc), ca = open_system(L"CA", loc);
    int clients = 0;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(pfx, c))) {
        DWORD size = 0;
        if (CertGetCertificateContextProperty(c, CERT_KEY_PROV_INFO_PROP_ID, NULL, &size)) {
            clients++;
            if (with_key) {
                if (!CertAddCertificateContextToStore(my, c, CERT_STORE_ADD_REPLACE_EXISTING, NULL))
                    fail(L"CertAddCertificateContextToStore", path);
            } else {
                add_encoded(my, c->pbCertEncoded, c->cbCertEncoded, path);
            }
        } else if (!CertCompareCertificateName(ENCODING, &c->pCertInfo->Subject, &c->pCertInfo->Issuer)) {
            add_encoded(ca, c->pbCertEncoded, c->cbCertEncoded, path);
        }
    }
    if (clients != 1) {
        fwprintf(stderr, L"storefill: %ls holds %d certificates with a key, expected 1\n", path, clients);
        exit(1);
    }
    CertCloseStore(my, 0);
    CertCloseStore(ca, 0);
    CertCloseStore(pfx, 0);
    free(blob.pbData);
}

static void add_cert(const wchar_t *path, const wchar_t *store_name, DWORD loc)
{
    DWORD size;
    BYTE *der = read_file(path, &size);
    HCERTSTORE s = open_system(store_name, loc);
    add_encoded(s, der, size, path);
    CertCloseStore(s, 0);
    free(der);
}

int wmain(int argc, wchar_t **argv)
{
    int i = 1;
    while (i < argc) {
        if (!wcscmp(argv[i], L"pfx") && i + 4 < argc) {
            import_pfx(argv[i + 1], argv[i + 2], location(argv[i + 3]), wcscmp(argv[i + 4], L"nokey") != 0);
            i += 5;
        } else if (!wcscmp(argv[i], L"cert") && i + 3 < argc) {
            add_cert(argv[i + 1], argv[i + 2], location(argv[i + 3]));
            i += 4;
        } else {
            fwprintf(stderr, L"storefill: bad operation at %ls\n", argv[i]);
            return 64;
        }
    }
    return 0;
}
