// Exports one multi-agent GenAI trace to Burnrate with the official OpenTelemetry JS SDK.
// usage: node send.mjs <base-url> <json|proto> <trace-label> [split]
// With "split", every span is exported on its own as soon as it ends (BatchSpanProcessor with a short
// delay, flushed after each span), so the calls reach Burnrate in earlier batches than the agents above
// them and the root, as in any agent run longer than the processor's delay.
import { trace, SpanKind, context } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';

const [baseUrl, encoding, label, mode] = process.argv.slice(2);
const split = mode === 'split';
const Exporter = encoding === 'proto' ? ProtoExporter : JsonExporter;
const exporter = new Exporter({ url: `${baseUrl}/v1/traces` });
let exports = 0; // export requests, to check that the split run really was split
const exportBatch = exporter.export.bind(exporter);
exporter.export = (spans, done) => {
  exports += 1;
  exportBatch(spans, done);
};
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({
    'service.name': 'support-agent',
    'deployment.environment.name': 'e2e',
  }),
  spanProcessors: [new BatchSpanProcessor(exporter, split ? { scheduledDelayMillis: 50 } : {})],
});
provider.register(); // installs the context manager that makes nested spans children of the active one
const tracer = trace.getTracer('acme.agents', '1.0.0');

// Runs `fn` inside a span that is the active parent for spans created in it.
async function inSpan(name, kind, attributes, fn) {
  const span = tracer.startSpan(name, { kind, attributes });
  const result = await context.with(trace.setSpan(context.active(), span), async () => (fn ? fn() : undefined));
  span.end();
  if (split)
    await provider.forceFlush();
  return result;
}

async function chat(provider, requested, responded, usage, extra = {}) {
  await inSpan(`chat ${requested}`, SpanKind.CLIENT, {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': requested,
    'gen_ai.response.model': responded,
    'gen_ai.usage.input_tokens': usage.input,
    'gen_ai.usage.output_tokens': usage.output,
    'gen_ai.usage.cache_read.input_tokens': usage.cacheRead ?? 0,
    'gen_ai.usage.cache_creation.input_tokens': usage.cacheWrite ?? 0,
    ...extra,
  });
}

await inSpan('invoke_agent Orchestrator', SpanKind.INTERNAL, {
  'gen_ai.operation.name': 'invoke_agent',
  'gen_ai.agent.id': 'orchestrator',
  'gen_ai.agent.name': 'Orchestrator',
  'app.feature': 'support-ticket',
  'app.task.id': `ticket-${label}`,
  'app.tags': ['e2e', label],
  'user.id': 'u_1042',
  'session.id': `session-${label}`,
}, async () => {
  await chat('anthropic', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929',
             { input: 12000, output: 800, cacheRead: 8000, cacheWrite: 1000 });
  // A wrapper that repeats its child's usage: must not be billed twice.
  await inSpan('invoke_agent Researcher', SpanKind.INTERNAL, {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.id': 'researcher',
    'gen_ai.agent.name': 'Researcher',
    'gen_ai.usage.input_tokens': 3000,
    'gen_ai.usage.output_tokens': 400,
  }, async () => {
    await chat('openai', 'gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14', { input: 3000, output: 400, cacheRead: 1000 });
    await inSpan('execute_tool web_search', SpanKind.INTERNAL,
                 { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'web_search' });
  });
  // A remote agent: its own usage and no billable child, so it is billed.
  await inSpan('invoke_agent Writer', SpanKind.CLIENT, {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.provider.name': 'openai',
    'gen_ai.agent.id': 'writer',
    'gen_ai.agent.name': 'Writer',
    'gen_ai.response.model': 'gpt-4.1',
    'gen_ai.usage.input_tokens': 2000,
    'gen_ai.usage.output_tokens': 1000,
  });
  // A model nobody has a price for: stored as unpriced, never as $0.
  await chat('acme', 'mystery-model-9000', 'mystery-model-9000', { input: 100, output: 50 });
});

await provider.forceFlush();
await provider.shutdown();
// Seven spans: the split run sends each in its own request, the root last.
if (split && exports < 7) {
  console.error(`the split run sent ${exports} export requests, expected one per span`);
  process.exit(1);
}
