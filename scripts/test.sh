#!/usr/bin/env bash
# npm test: type-check, run every vitest suite, and close with one plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
npx tsc --noEmit || exit 1
mkdir -p test-artifacts
npx vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json "$@"
status=$?
node -e '
const fs = require("fs");
try {
  const report = JSON.parse(fs.readFileSync("test-artifacts/vitest.json", "utf8"));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
} catch (error) {
  console.log("0 passed, 1 failed");
}'
exit $status
