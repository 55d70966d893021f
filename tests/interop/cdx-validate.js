#!/usr/bin/env node
// Validates a CycloneDX 1.6 JSON document with the CycloneDX project's own strict JSON-schema
// validator (@cyclonedx/cyclonedx-library + ajv). Usage: node cdx-validate.js FILE.json
// Prints VALID and exits 0, or prints the schema errors and exits 1 (2 on usage/setup errors).
'use strict';
const fs = require('fs');

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node cdx-validate.js FILE.json');
    return 2;
  }
  let CDX;
  try {
    CDX = require('@cyclonedx/cyclonedx-library');
  } catch (e) {
    console.error('cannot load @cyclonedx/cyclonedx-library (run npm install in tests/interop): ' + e.message);
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  try {
    JSON.parse(text);
  } catch (e) {
    console.log('INVALID: not JSON: ' + e.message);
    return 1;
  }
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
  const errors = await validator.validate(text);  // null when valid, else ajv errors
  if (errors === null || errors === undefined) {
    console.log('VALID');
    return 0;
  }
  console.log('INVALID');
  console.log(JSON.stringify(errors, null, 2));
  return 1;
}

main().then((rc) => process.exit(rc), (e) => {
  console.error('validator error: ' + (e && e.stack ? e.stack : e));
  process.exit(2);
});
