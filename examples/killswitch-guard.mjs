// @ts-check
// Burnrate kill-switch guard for JavaScript and TypeScript agents (Node 18+, no dependencies).
//
// Plain JavaScript with JSDoc types, so it runs as is (`node killswitch-guard.mjs`) and TypeScript
// projects import it with full types (`allowJs`/`checkJs`, or `import { KillSwitchGuard } from
// "./killswitch-guard.mjs"`). Call `await guard.check()` before every model call and every tool
// execution: it reads the kill-switch document (etcd JSON gateway or an HTTPS URL) at most once per
// `ttlMs` (5 s at most) and throws `AgentHalted` when `kill_all` is set or this agent's id is listed.
//
// When the store cannot be read you must choose, explicitly:
//   onUnreachable: "closed"  halt (safe for the budget)
//   onUnreachable: "open"    carry on with a warning (safe for availability)
// For an HTTPS store with a private CA, start node with NODE_EXTRA_CA_CERTS=/path/ca.pem.
//
//   const guard = new KillSwitchGuard({ agentId: "research-agent", etcdUrl: "http://127.0.0.1:2379",
//                                       onUnreachable: "closed" });
//   await guard.check();                 // before the model call
//   const reply = await client.messages.create(...);
//   await guard.check();                 // before running the tool

/** @typedef {{schema?: number, version?: number|string, kill_all?: boolean, disabled_agents?: string[],
 *             reason?: string, updated_by?: string, updated_at?: string}} KillSwitchDocument */

/**
 * @typedef {Object} GuardOptions
 * @property {string} agentId
 * @property {"open"|"closed"} onUnreachable  what a store outage means; there is no default
 * @property {string} [etcdUrl]       etcd client URL (http://127.0.0.1:2379)
 * @property {string} [key]           etcd key, default burnrate/killswitch
 * @property {string} [documentUrl]   HTTPS URL of the document (instead of etcd)
 * @property {number} [ttlMs]         cache lifetime, at most 5000
 * @property {string} [user]          etcd user
 * @property {string} [password]      etcd password
 * @property {string} [token]         bearer token for the HTTPS document
 * @property {number} [timeoutMs]     per request, default 2000
 */

import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const MAX_TTL_MS = 5000;

export class AgentHalted extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "AgentHalted";
  }
}

const NEVER_WRITTEN = /** @type {KillSwitchDocument} */ ({ schema: 1, kill_all: false, disabled_agents: [] });

export class KillSwitchGuard {
  /** @param {GuardOptions} options */
  constructor(options) {
    if (options.onUnreachable !== "open" && options.onUnreachable !== "closed")
      throw new Error('onUnreachable must be "open" or "closed": decide what a store outage means');
    if (!options.etcdUrl === !options.documentUrl) throw new Error("give exactly one of etcdUrl and documentUrl");
    this.options = options;
    this.ttlMs = Math.min(options.ttlMs ?? MAX_TTL_MS, MAX_TTL_MS);
    /** @type {KillSwitchDocument|null} */
    this.document = null;
    this.readAt = -Infinity;
    /** @type {unknown} */
    this.lastError = null;
    /** @type {string|null} */
    this.etcdToken = null;
  }

  /** @param {string} url @param {RequestInit} init */
  async request(url, init) {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs ?? 2000) });
    return response;
  }

  /** @param {string} path @param {object} body @returns {Promise<any>} */
  async etcdPost(path, body, renew = false) {
    const base = /** @type {string} */ (this.options.etcdUrl).replace(/\/$/, "");
    /** @type {Record<string,string>} */
    const headers = { "Content-Type": "application/json" };
    if (this.options.user) {
      if (renew || !this.etcdToken) {
        const auth = await this.request(base + "/v3/auth/authenticate", {
          method: "POST",
          headers,
          body: JSON.stringify({ name: this.options.user, password: this.options.password ?? "" }),
        });
        if (!auth.ok) throw new Error(`etcd refused the login (HTTP ${auth.status})`);
        this.etcdToken = (await auth.json()).token;
      }
      headers.Authorization = /** @type {string} */ (this.etcdToken); // bare token, no "Bearer "
    }
    const response = await this.request(base + path, { method: "POST", headers, body: JSON.stringify(body) });
    if (response.status === 401 && this.options.user && !renew) return this.etcdPost(path, body, true);
    if (!response.ok) throw new Error(`etcd answered HTTP ${response.status}`);
    return response.json();
  }

  /** @returns {Promise<KillSwitchDocument>} */
  async readStore() {
    if (this.options.etcdUrl) {
      const key = Buffer.from(this.options.key ?? "burnrate/killswitch").toString("base64");
      const reply = await this.etcdPost("/v3/kv/range", { key });
      const kvs = reply.kvs ?? [];
      if (kvs.length === 0) return NEVER_WRITTEN;
      return JSON.parse(Buffer.from(kvs[0].value, "base64").toString("utf8"));
    }
    /** @type {Record<string,string>} */
    const headers = this.options.token ? { Authorization: "Bearer " + this.options.token } : {};
    const response = await this.request(/** @type {string} */ (this.options.documentUrl), { headers });
    if (response.status === 404) return NEVER_WRITTEN;
    if (!response.ok) throw new Error(`the document server answered HTTP ${response.status}`);
    return response.json();
  }

  /** The document, read at most once per TTL; null while the store is unreachable. */
  async current() {
    const now = performance.now();
    if (now - this.readAt < this.ttlMs) return this.document;
    try {
      const doc = await this.readStore();
      if (typeof doc !== "object" || doc === null || typeof (doc.kill_all ?? false) !== "boolean" ||
          !Array.isArray(doc.disabled_agents ?? []))
        throw new Error("the kill-switch document is not valid");
      this.document = doc;
      this.lastError = null;
    } catch (error) {
      this.document = null;
      this.lastError = error;
    }
    this.readAt = now;
    return this.document;
  }

  /** Throws AgentHalted when this agent must not make the next call. */
  async check() {
    const doc = await this.current();
    if (doc === null) {
      const why = this.lastError instanceof Error ? this.lastError.message : String(this.lastError);
      if (this.options.onUnreachable === "closed")
        throw new AgentHalted(`kill-switch store unreachable (${why}); failing closed`);
      console.warn(`warning: kill-switch store unreachable (${why}); failing open`);
      return;
    }
    if (doc.kill_all) throw new AgentHalted(`kill switch: all agents stopped: ${doc.reason || "no reason given"}`);
    if ((doc.disabled_agents ?? []).includes(this.options.agentId))
      throw new AgentHalted(`kill switch: agent ${this.options.agentId} stopped: ${doc.reason || "no reason given"}`);
  }
}

// A demo agent loop: node killswitch-guard.mjs --etcd URL --agent ID --closed [--ttl-ms N]
// Credentials from KILLSWITCH_USER / KILLSWITCH_PASSWORD / KILLSWITCH_TOKEN. Exits 3 when halted.
async function main() {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({
    options: {
      etcd: { type: "string" }, url: { type: "string" }, key: { type: "string" }, agent: { type: "string" },
      "ttl-ms": { type: "string" }, "interval-ms": { type: "string" },
      closed: { type: "boolean" }, open: { type: "boolean" },
    },
  });
  if (!values.agent || values.closed === values.open) {
    console.error("usage: killswitch-guard.mjs (--etcd URL | --url URL) --agent ID (--closed | --open)");
    process.exit(2);
  }
  const guard = new KillSwitchGuard({
    agentId: values.agent, onUnreachable: values.closed ? "closed" : "open",
    etcdUrl: values.etcd, documentUrl: values.url, key: values.key,
    ttlMs: values["ttl-ms"] ? Number(values["ttl-ms"]) : MAX_TTL_MS,
    user: process.env.KILLSWITCH_USER, password: process.env.KILLSWITCH_PASSWORD,
    token: process.env.KILLSWITCH_TOKEN,
  });
  const interval = values["interval-ms"] ? Number(values["interval-ms"]) : 200;
  let calls = 0;
  try {
    for (;;) {
      await guard.check(); // before the model call
      calls += 1;
      console.log(`call ${calls}`);
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  } catch (error) {
    if (!(error instanceof AgentHalted)) throw error;
    console.log(`halted after ${calls} calls: ${error.message}`);
    process.exit(3);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
