// A TypeScript agent using the guard (examples/killswitch-guard.mjs): type-checked with tsc --strict by
// guard_typecheck.sh, so TypeScript projects get the guard's types without a build step.
import { AgentHalted, KillSwitchGuard, MAX_TTL_MS } from "./killswitch-guard.mjs";

const guard = new KillSwitchGuard({
  agentId: "research-agent",
  etcdUrl: "http://127.0.0.1:2379",
  onUnreachable: "closed",
  ttlMs: MAX_TTL_MS,
});

export async function guardedCall<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    await guard.check(); // before the model call or the tool
  } catch (error) {
    if (error instanceof AgentHalted) return undefined;
    throw error;
  }
  return call();
}

// @ts-expect-error onUnreachable has no default: what a store outage means must be chosen
new KillSwitchGuard({ agentId: "a", etcdUrl: "http://127.0.0.1:2379" });
// @ts-expect-error only "open" or "closed"
new KillSwitchGuard({ agentId: "a", etcdUrl: "http://127.0.0.1:2379", onUnreachable: "maybe" });
