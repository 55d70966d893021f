#!/usr/bin/env bash
# End-to-end X.509 signing (issue 9 items 8, 9, 15): `bom --cert` refuses a leaf outside its
# validity window; `verify --ca-roots --identity` refuses a leaf not made for code signing and
# matches --identity against SANs only. The PKI is generated here (python3-cryptography).
source "$(dirname "$0")/lib.sh"
A=$ATTESTFS
/usr/bin/python3 -c 'import cryptography' 2>/dev/null || {
  [ "${ATTESTFS_REQUIRE_INTEROP:-}" = 1 ] && { echo "FAIL: python3-cryptography missing"; exit 1; }
  echo "SKIP: python3-cryptography not installed"; exit 0
}
make_model "$T/m" --weights-mib 1 --small-files 2
"$A" keygen --out "$T/k" --type ecdsa-p256 >/dev/null || { bad "keygen"; finish; exit 1; }

# mkpki DIR: CA (ca.crt) and leaves for the key $T/k.key, one PEM per variant:
#   good (SAN release@example.com, codeSigning), tls (serverAuth only), nods (keyUsage without
#   digitalSignature), noext (no keyUsage/EKU), ou (OU=x@example.com, SAN evil@attacker.org),
#   expired (ended yesterday), future (starts tomorrow).
/usr/bin/python3 - "$T" <<'PY'
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

t = sys.argv[1]
now = datetime.datetime.now(datetime.timezone.utc)
day = datetime.timedelta(days=1)
ca_key = ec.generate_private_key(ec.SECP256R1())
ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "attestfs x509 test CA")])
ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
      .public_key(ca_key.public_key()).serial_number(1)
      .not_valid_before(now - 30 * day).not_valid_after(now + 30 * day)
      .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
      .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                     critical=True)
      .sign(ca_key, hashes.SHA256()))
open(t + "/ca.crt", "wb").write(ca.public_bytes(serialization.Encoding.PEM))
leaf_key = serialization.load_pem_private_key(open(t + "/k.key", "rb").read(), None)

def ku(digital_signature):
    return x509.KeyUsage(digital_signature, False, not digital_signature, False, False, False,
                         False, False, False)

def leaf(name, san="release@example.com", eku=(ExtendedKeyUsageOID.CODE_SIGNING,),
         usage=True, ou=None, start=-day, end=10 * day, serial=2):
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, "release-bot")]
    if ou:  # first RDN, so the RFC 2253 subject text ends with it
        attrs.insert(0, x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    b = (x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(ca_name)
         .public_key(leaf_key.public_key()).serial_number(serial)
         .not_valid_before(now + start).not_valid_after(now + end)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(san)]), critical=False))
    if usage is not None:
        b = b.add_extension(ku(usage), critical=True)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(list(eku)), critical=False)
    cert = b.sign(ca_key, hashes.SHA256())
    open(t + "/" + name + ".pem", "wb").write(cert.public_bytes(serialization.Encoding.PEM))

leaf("good")
leaf("tls", eku=(ExtendedKeyUsageOID.SERVER_AUTH,), serial=3)
leaf("nods", usage=False, serial=4)
leaf("noext", eku=(), usage=None, serial=5)
leaf("ou", san="evil@attacker.org", ou="x@example.com", serial=6)
leaf("expired", start=-10 * day, end=-day, serial=7)
leaf("future", start=day, end=10 * day, serial=8)
PY
[ -s "$T/future.pem" ] && ok "test PKI generated" || { bad "test PKI"; finish; exit 1; }

sign() {  # sign VARIANT: bom -o bundle with the leaf VARIANT into store $T/s-VARIANT
  "$A" bom "dir:$T/m" -o bundle --key "$T/k.key" --cert "$T/$1.pem" --store "$T/s-$1" 2>&1
}
verify() {  # verify VARIANT IDENTITY
  "$A" verify "dir:$T/m" --ca-roots "$T/ca.crt" --identity "$2" --store "$T/s-$1" 2>&1
}

# --- a code-signing leaf (and one without usage extensions) signs and verifies
for v in good noext; do
  expect_rc 0 "bom --cert $v signs" -- sign "$v"
  expect_rc 0 "verify --ca-roots --identity ($v)" -- verify "$v" release@example.com
  expect_out '^VERIFIED' "verdict ($v)"
done

# --- item 8: a leaf from the same CA made for another purpose does not sign models
expect_rc 0 "bom --cert with a TLS-server leaf (the signature itself is made)" -- sign tls
expect_rc 1 "TLS-server-only leaf refused by verify" -- verify tls release@example.com
expect_out 'codeSigning' "names the missing codeSigning purpose"
expect_rc 0 "bom --cert with a keyUsage lacking digitalSignature" -- sign nods
expect_rc 1 "leaf without digitalSignature refused by verify" -- verify nods release@example.com
expect_out 'digitalSignature' "names the missing digitalSignature key usage"

# --- item 9: --identity matches SANs only, never the subject DN or CN
expect_rc 0 "bom --cert with OU=x@example.com, SAN evil@attacker.org" -- sign ou
expect_rc 1 "--identity '*@example.com' does not match the OU" -- verify ou '*@example.com'
expect_out 'identity mismatch' "says identity mismatch"
expect_rc 1 "--identity does not match the CN" -- verify ou release-bot
expect_rc 0 "--identity matches the SAN" -- verify ou evil@attacker.org

# --- item 15: bom --cert refuses a leaf outside its validity window, naming it
expect_rc 2 "bom --cert with an expired leaf refused" -- sign expired
expect_out 'not valid' "says the certificate is not valid"
expect_out 'valid from [0-9]{4}-[0-9]{2}-[0-9]{2}T.* to [0-9]{4}-' "names the validity window"
[ ! -d "$T/s-expired/blobs" ] || [ -z "$(ls -A "$T/s-expired/blobs/sha256" 2>/dev/null)" ] &&
  ok "nothing stored for the expired leaf" || bad "evidence stored for the expired leaf"
expect_rc 2 "bom --cert with a not-yet-valid leaf refused" -- sign future
expect_out 'not valid' "says the certificate is not yet valid"
SOURCE_DATE_EPOCH=1 expect_rc 0 "SOURCE_DATE_EPOCH does not move the check (the leaf is valid now)" -- sign good

finish
