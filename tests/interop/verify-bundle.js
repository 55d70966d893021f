#!/usr/bin/env node
// Sigstore bundle interop checker: verifies an attestfs bundle (v0.3, DSSE, publicKey hint)
// offline with the real @sigstore/verify Verifier and a caller-supplied public key.
// Usage: node verify-bundle.js BUNDLE.json PUBKEY.pem
//        node verify-bundle.js --check-shape BUNDLE.json   (@sigstore/bundle validation only,
//        for certificate bundles: sigstore-js checks chains only against signed timestamps)
// Prints "OK <keytype|material>" (exit 0), "FAIL <reason>" (exit 1), usage/IO errors exit 2.
// The publicKey.hint, when set, must equal base64(SHA-256(DER SPKI)) of PUBKEY (RFC 6962 key id),
// which cross-checks attestfs's key id computation with Node's own crypto.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

function keyIdOf(pub) {
  const der = pub.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64');
}

function verifyBundle(bundleJson, pubPem) {
  const bundle = bundleFromJSON(bundleJson); // shape validation (throws ValidationError)
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [],
  });
  const pub = crypto.createPublicKey(pubPem);
  const expectedHint = keyIdOf(pub);
  const keyFinder = (hint) => {
    if (hint && hint !== expectedHint) {
      throw new Error(`publicKey.hint ${hint} is not the key id ${expectedHint} of the given key`);
    }
    return { publicKey: pub, validFor: () => true };
  };
  // Offline key-signed bundles carry no tlog entries or timestamps: thresholds must be 0.
  const verifier = new Verifier(toTrustMaterial(root, keyFinder),
    { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  verifier.verify(toSignedEntity(bundle)); // throws VerificationError on failure
  return pub.asymmetricKeyType;
}

function checkShape(bundleJson) {
  const bundle = bundleFromJSON(bundleJson);
  toSignedEntity(bundle);
  return bundle.verificationMaterial.content.$case;
}

function main(argv) {
  const shapeOnly = argv[0] === '--check-shape';
  if (shapeOnly) argv = argv.slice(1);
  if (argv.length !== (shapeOnly ? 1 : 2)) {
    console.error('usage: node verify-bundle.js BUNDLE.json PUBKEY.pem | --check-shape BUNDLE.json');
    return 2;
  }
  let bundleJson, pubPem;
  try {
    bundleJson = JSON.parse(fs.readFileSync(argv[0], 'utf8'));
    if (!shapeOnly) pubPem = fs.readFileSync(argv[1], 'utf8');
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }
  try {
    console.log(`OK ${shapeOnly ? checkShape(bundleJson) : verifyBundle(bundleJson, pubPem)}`);
    return 0;
  } catch (e) {
    console.log(`FAIL ${e.name || 'Error'} ${e.code || ''} ${e.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
