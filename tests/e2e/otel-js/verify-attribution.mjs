// Checks `burnrate report --group-by feature,user,task --format json`: identity set on the root
// span reaches every call below it, also when the root arrives after the calls (the split trace).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const rows = JSON.parse(readFileSync(process.argv[2], 'utf8'));
assert.equal(rows.length, 3, JSON.stringify(rows)); // one task per trace
for (const row of rows) {
  assert.equal(row.feature, 'support-ticket');
  assert.equal(row.user, 'u_1042');
  assert.match(row.task, /^ticket-(json|proto|split)$/);
  assert.equal(row.calls, 4);
}
console.log('attribution verified');
