// Checks `burnrate report --group-by agent,model --format json` after three exported traces.
// usage: node verify.mjs report.json
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const rows = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const find = (agent, model) => rows.find((r) => r.agent === agent && r.model === model);
// One sent as JSON, one as protobuf, one split into a request per span (calls before their agents and root):
// the split one must be billed and attributed exactly like the others.
const traces = 3;

// Costs by hand from the shipped prices (USD per million tokens):
// claude-sonnet-4-5 in 3 / out 15 / cache read 0.30 / cache write 3.75:
//   (12000-8000-1000)*3 + 8000*0.30 + 1000*3.75 + 800*15 = 27150 micro-USD
// gpt-4.1-mini in 0.40 / out 1.60 / cache read 0.10: (3000-1000)*0.40 + 1000*0.10 + 400*1.60 = 1540
// gpt-4.1 in 2 / out 8: 2000*2 + 1000*8 = 12000
const expected = [
  ['orchestrator', 'claude-sonnet-4-5-20250929', 12000, 800, 8000, 1000, 27150],
  ['researcher', 'gpt-4.1-mini-2025-04-14', 3000, 400, 1000, 0, 1540],
  ['writer', 'gpt-4.1', 2000, 1000, 0, 0, 12000],
];
for (const [agent, model, input, output, cacheRead, cacheWrite, micros] of expected) {
  const row = find(agent, model);
  assert.ok(row, `no row for ${agent} / ${model} in ${JSON.stringify(rows)}`);
  assert.equal(row.calls, traces, `${agent} calls`);
  assert.equal(row.input_tokens, input * traces, `${agent} input`);
  assert.equal(row.output_tokens, output * traces, `${agent} output`);
  assert.equal(row.cache_read_tokens, cacheRead * traces, `${agent} cache read`);
  assert.equal(row.cache_write_tokens, cacheWrite * traces, `${agent} cache write`);
  assert.equal(Math.round(row.cost_usd * 1e6), micros * traces, `${agent} cost`);
  assert.equal(row.unpriced_calls, 0, `${agent} unpriced`);
}
const mystery = find('orchestrator', 'mystery-model-9000');
assert.ok(mystery, 'the unpriced call is stored');
assert.equal(mystery.unpriced_calls, traces);
assert.equal(mystery.cost_usd, 0);
// The Researcher wrapper's repeated usage is not billed: exactly these four rows exist.
assert.equal(rows.length, 4, `unexpected rows: ${JSON.stringify(rows)}`);
const total = rows.reduce((sum, r) => sum + r.calls, 0);
assert.equal(total, 4 * traces);
console.log('report verified:', rows.length, 'rows,', total, 'calls');
