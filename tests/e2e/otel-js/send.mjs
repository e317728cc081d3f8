// Exports one multi-agent GenAI trace to Burnrate with the official OpenTelemetry JS SDK.
// usage: node send.mjs <base-url> <json|proto> <trace-label>
import { trace, SpanKind, context } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';

const [baseUrl, encoding, label] = process.argv.slice(2);
const Exporter = encoding === 'proto' ? ProtoExporter : JsonExporter;
const exporter = new Exporter({ url: `${baseUrl}/v1/traces` });
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({
    'service.name': 'support-agent',
    'deployment.environment.name': 'e2e',
  }),
  spanProcessors: [new BatchSpanProcessor(exporter)],
});
provider.register(); // installs the context manager that makes nested spans children of the active one
const tracer = trace.getTracer('acme.agents', '1.0.0');

// Runs `fn` inside a span that is the active parent for spans created in it.
function inSpan(name, kind, attributes, fn) {
  const span = tracer.startSpan(name, { kind, attributes });
  const result = context.with(trace.setSpan(context.active(), span), () => (fn ? fn() : undefined));
  span.end();
  return result;
}

function chat(provider, requested, responded, usage, extra = {}) {
  inSpan(`chat ${requested}`, SpanKind.CLIENT, {
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

inSpan('invoke_agent Orchestrator', SpanKind.INTERNAL, {
  'gen_ai.operation.name': 'invoke_agent',
  'gen_ai.agent.id': 'orchestrator',
  'gen_ai.agent.name': 'Orchestrator',
  'app.feature': 'support-ticket',
  'app.task.id': `ticket-${label}`,
  'app.tags': ['e2e', label],
  'user.id': 'u_1042',
  'session.id': `session-${label}`,
}, () => {
  chat('anthropic', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929',
       { input: 12000, output: 800, cacheRead: 8000, cacheWrite: 1000 });
  // A wrapper that repeats its child's usage: must not be billed twice.
  inSpan('invoke_agent Researcher', SpanKind.INTERNAL, {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.id': 'researcher',
    'gen_ai.agent.name': 'Researcher',
    'gen_ai.usage.input_tokens': 3000,
    'gen_ai.usage.output_tokens': 400,
  }, () => {
    chat('openai', 'gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14', { input: 3000, output: 400, cacheRead: 1000 });
    inSpan('execute_tool web_search', SpanKind.INTERNAL,
           { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'web_search' });
  });
  // A remote agent: its own usage and no billable child, so it is billed.
  inSpan('invoke_agent Writer', SpanKind.CLIENT, {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.provider.name': 'openai',
    'gen_ai.agent.id': 'writer',
    'gen_ai.agent.name': 'Writer',
    'gen_ai.response.model': 'gpt-4.1',
    'gen_ai.usage.input_tokens': 2000,
    'gen_ai.usage.output_tokens': 1000,
  });
  // A model nobody has a price for: stored as unpriced, never as $0.
  chat('acme', 'mystery-model-9000', 'mystery-model-9000', { input: 100, output: 50 });
});

await provider.forceFlush();
await provider.shutdown();
