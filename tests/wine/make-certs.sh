#!/bin/sh
# Makes the fictional certificates of the Wine store tests into OUTDIR:
# a root CA, and client certificates as PKCS#12 files with the root inside,
# plus the root as DER. Office 0001 has an expired, a current, a second
# current and a renewed certificate (same subject); office 0002 ("other")
# one current certificate that ends sooner.
# Fixed dates, judged by the tests at --at 2026-01-15. Password: "test-pass".
set -eu
out=${1:?usage: make-certs.sh OUTDIR}
mkdir -p "$out/ca/new"
cd "$out"
: > ca/index.txt
echo 1000 > ca/serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = fictional
[ fictional ]
database = ca/index.txt
new_certs_dir = ca/new
serial = ca/serial
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
[ anything ]
commonName = supplied
organizationName = optional
[ root_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ client_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
ca() { openssl ca -batch -notext -config ca.cnf "$@" 2>/dev/null; }

# The root, valid 2020-2040 so that every client below nests inside it.
openssl req -new -newkey rsa:2048 -nodes -keyout root.key -out root.csr \
    -subj "/O=Example Kaigo (fictional)/CN=Example Kaigo Test CA (fictional)" 2>/dev/null
ca -selfsign -keyfile root.key -in root.csr -out root.pem -extensions root_ext \
    -startdate 20200101000000Z -enddate 20400101000000Z
openssl x509 -in root.pem -outform DER -out root.der

# name  office start(UTC)      end(UTC)        pbe: AES (openssl 3 default) or 3DES (Windows' classic)
while read -r name office start end pbe; do
    openssl req -new -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" \
        -subj "/O=Example Kaigo Office (fictional)/CN=事業所番号 000000$office Kaigo Office $office (fictional)" \
        -utf8 2>/dev/null
    ca -cert root.pem -keyfile root.key -in "$name.csr" -out "$name.pem" -extensions client_ext \
        -startdate "$start" -enddate "$end"
    case $pbe in
        3des) legacy="-certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1" ;;
        *) legacy="" ;;
    esac
    # shellcheck disable=SC2086
    openssl pkcs12 -export -inkey "$name.key" -in "$name.pem" -certfile root.pem \
        -name "$name" -passout pass:test-pass $legacy -out "$name.p12"
    openssl x509 -in "$name.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' > "$name.sha1"
done <<'LIST'
current  0001 20250531150000Z 20280531145959Z aes
current2 0001 20250630150000Z 20280630145959Z aes
renewed  0001 20280531150000Z 20310531145959Z 3des
expired  0001 20220531150000Z 20250531145959Z aes
other    0002 20240131150000Z 20270131145959Z aes
LIST
rm -f ./*.csr
