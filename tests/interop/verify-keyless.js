#!/usr/bin/env node
// Keyless Sigstore bundle interop checker: verifies a bundle with the real @sigstore/verify
// Verifier against a trusted_root.json, requiring the certificate identity (SAN) and OIDC
// issuer, with the default thresholds (one tlog entry, one CT log SCT, one verified time).
// Usage: node verify-keyless.js BUNDLE.json TRUSTED_ROOT.json IDENTITY ISSUER [ARTIFACT]
// (ARTIFACT for message-signature bundles). Prints "OK" (exit 0), "FAIL <reason>" (exit 1).
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');
const { TrustedRoot } = require('@sigstore/protobuf-specs');

const [bundlePath, rootPath, identity, issuer, artifactPath] = process.argv.slice(2);
if (!bundlePath || !rootPath || !identity || !issuer) {
  console.error('usage: verify-keyless.js BUNDLE TRUSTED_ROOT IDENTITY ISSUER [ARTIFACT]');
  process.exit(2);
}
try {
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  const root = TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8')));
  const verifier = new Verifier(toTrustMaterial(root));
  const artifact = artifactPath ? fs.readFileSync(artifactPath) : undefined;
  verifier.verify(toSignedEntity(bundle, artifact),
    { subjectAlternativeName: identity, extensions: { issuer } });
  console.log('OK');
} catch (e) {
  console.log(`FAIL ${e.message}`);
  process.exit(1);
}
