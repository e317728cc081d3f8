// Checks `burnrate report --group-by feature,user,task --format json`: identity set on the root
// span reaches every call below it.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const rows = JSON.parse(readFileSync(process.argv[2], 'utf8'));
assert.equal(rows.length, 2, JSON.stringify(rows)); // one task per trace
for (const row of rows) {
  assert.equal(row.feature, 'support-ticket');
  assert.equal(row.user, 'u_1042');
  assert.match(row.task, /^ticket-(json|proto)$/);
  assert.equal(row.calls, 4);
}
console.log('attribution verified');
