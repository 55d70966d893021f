#!/usr/bin/env node
// Sigstore bundle producer with Node's crypto, shaped like sigstore-js output: the reverse
// interop direction (Node signs, attestfs verifies). DER ECDSA over PAE with SHA-256, or Ed25519.
// Usage: node make-bundle.js PRIVKEY.pem PAYLOAD_FILE PAYLOAD_TYPE OUT_BUNDLE.json
// The publicKey.hint is base64(SHA-256(DER SPKI)); the DSSE keyid is left empty, as other
// producers do. Exit 0 on success, 2 on usage or IO errors.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');

function pae(type, payload) {
  const t = Buffer.from(type, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${t.length} `), t, Buffer.from(` ${payload.length} `), payload]);
}

function main(argv) {
  if (argv.length !== 4) {
    console.error('usage: node make-bundle.js PRIVKEY.pem PAYLOAD_FILE PAYLOAD_TYPE OUT_BUNDLE.json');
    return 2;
  }
  try {
    const key = crypto.createPrivateKey(fs.readFileSync(argv[0], 'utf8'));
    const payload = fs.readFileSync(argv[1]);
    const der = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
    const hint = crypto.createHash('sha256').update(der).digest('base64');
    // Node's default for EC keys is SHA-256 with a DER signature; Ed25519 takes no digest.
    const sig = crypto.sign(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', pae(argv[2], payload), key);
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint }, tlogEntries: [],
        timestampVerificationData: { rfc3161Timestamps: [] } },
      dsseEnvelope: { payload: payload.toString('base64'), payloadType: argv[2],
        signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
    };
    bundleFromJSON(bundle); // what we emit must pass @sigstore/bundle's own validation
    fs.writeFileSync(argv[3], JSON.stringify(bundle));
    return 0;
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
