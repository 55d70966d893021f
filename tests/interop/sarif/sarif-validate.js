#!/usr/bin/env node
// Validates a SARIF log against the OASIS SARIF 2.1.0 JSON schema (draft-04, as shipped in
// @microsoft/jest-sarif) with ajv. Usage: sarif-validate.js FILE.sarif
// Prints "OK" (rc 0) or "FAIL <errors>" (rc 1); rc 2 on usage or setup errors.
'use strict';
const fs = require('fs');
const path = require('path');

if (process.argv.length !== 3) {
  console.error('usage: sarif-validate.js FILE.sarif');
  process.exit(2);
}
let Ajv, addFormats, schema;
try {
  Ajv = require('ajv-draft-04');
  addFormats = require('ajv-formats');
  schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
} catch (e) {
  console.error('setup: ' + e.message + ' (run npm ci in tests/interop/sarif)');
  process.exit(2);
}
// unicodeRegExp off: the rtm.5 schema's "language" pattern is not valid in /u mode.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let log;
try {
  log = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  console.log('FAIL not JSON: ' + e.message);
  process.exit(1);
}
if (validate(log)) {
  console.log('OK');
  process.exit(0);
}
console.log('FAIL ' + ajv.errorsText(validate.errors, { separator: '; ' }));
process.exit(1);
