#!/usr/bin/python3
"""DSSE envelope interop checker using Debian's securesystemslib 0.26 (+ cryptography 38).
securesystemslib 0.26 has NO DSSE module (securesystemslib.dsse arrived in 0.27), so PAE is
computed here and the signature is checked with securesystemslib.signer.SSlibKey.
Usage: /usr/bin/python3 dsse_verify.py ENVELOPE.json PUBKEY.pem [expected-payloadType]
Accepts SPKI PEM ("-----BEGIN PUBLIC KEY-----") for ECDSA P-256 / P-384, Ed25519, RSA (PSS-SHA256).
Exit 0 = at least one signature verified (prints OK), 1 = none verified (prints FAIL),
2 = usage/format error."""
import base64
import hashlib
import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from securesystemslib.exceptions import UnverifiedSignatureError, VerificationError
from securesystemslib.signer import Signature, SSlibKey


def pae(payload_type: str, payload: bytes) -> bytes:
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def b64d(s: str) -> bytes:  # DSSE allows standard or URL-safe base64, padded or not
    s = s.strip().replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4), validate=True)


def sslib_key_from_pem(pem: str, rsa_scheme="rsassa-pss-sha256") -> SSlibKey:
    k = serialization.load_pem_public_key(pem.encode())
    spki = k.public_bytes(serialization.Encoding.PEM,
                          serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    kid = hashlib.sha256(spki.encode()).hexdigest()  # sslib requires a hex keyid (any value)
    if isinstance(k, ec.EllipticCurvePublicKey):
        scheme = {"secp256r1": "ecdsa-sha2-nistp256", "secp384r1": "ecdsa-sha2-nistp384"}[k.curve.name]
        return SSlibKey(kid, "ecdsa", scheme, {"public": spki})  # signature must be ASN.1 DER
    if isinstance(k, ed25519.Ed25519PublicKey):  # sslib wants the raw 32 bytes as hex
        raw = k.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return SSlibKey(kid, "ed25519", "ed25519", {"public": raw.hex()})
    if isinstance(k, rsa.RSAPublicKey):
        return SSlibKey(kid, "rsa", rsa_scheme, {"public": spki})
    raise ValueError("unsupported key type %r" % type(k))


def verify(env: dict, key: SSlibKey, expected_type=None) -> bool:
    if expected_type and env["payloadType"] != expected_type:
        return False
    data = pae(env["payloadType"], b64d(env["payload"]))
    for s in env.get("signatures", []):
        try:
            key.verify_signature(Signature(key.keyid, b64d(s["sig"]).hex()), data)
            return True
        except (UnverifiedSignatureError, VerificationError):
            continue
    return False


def main(argv) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    try:
        with open(argv[0]) as f:
            env = json.load(f)
        with open(argv[1]) as f:
            key = sslib_key_from_pem(f.read())
    except (OSError, ValueError, KeyError) as e:
        print("error: %s" % e)
        return 2
    try:
        ok = verify(env, key, argv[2] if len(argv) > 2 else None)
    except (KeyError, TypeError, ValueError) as e:  # missing fields, bad base64
        print("error: malformed envelope: %r" % e)
        return 2
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
