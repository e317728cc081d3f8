#!/usr/bin/env python3
"""Burnrate kill-switch guard for Python agents (standard library only).

Call ``guard.check()`` before every model call and every tool execution. It reads the kill-switch
document (from etcd's JSON gateway or from an HTTPS URL) at most once per ``ttl`` seconds (5 at most)
and raises ``AgentHalted`` when ``kill_all`` is set or this agent's id is in ``disabled_agents``.

When the store cannot be read you must choose, explicitly, what happens:
  on_unreachable="closed"  halt (safe for the budget; the agent stops while the store is down)
  on_unreachable="open"    carry on with a warning on stderr (safe for availability; a runaway agent
                           keeps spending while the store is down)

    guard = KillSwitchGuard(agent_id="research-agent", etcd_url="http://127.0.0.1:2379",
                            on_unreachable="closed")
    guard.check()          # before the model call
    response = client.messages.create(...)
    guard.check()          # before running the tool the model asked for

Try it:  python3 killswitch_guard.py --etcd http://127.0.0.1:2379 --agent research-agent --closed
"""

import argparse
import base64
import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.request

MAX_TTL_S = 5.0


class AgentHalted(RuntimeError):
    """The kill switch says this agent must stop (or the store is unreachable and we fail closed)."""


class KillSwitchGuard:
    def __init__(self, agent_id, on_unreachable, etcd_url=None, key="burnrate/killswitch",
                 document_url=None, ttl=MAX_TTL_S, user=None, password=None, token=None,
                 ca_file=None, timeout=2.0):
        if on_unreachable not in ("open", "closed"):
            raise ValueError('on_unreachable must be "open" or "closed": decide what a store outage means')
        if (etcd_url is None) == (document_url is None):
            raise ValueError("give exactly one of etcd_url and document_url")
        self.agent_id = agent_id
        self.fail_closed = on_unreachable == "closed"
        self.etcd_url = etcd_url.rstrip("/") if etcd_url else None
        self.key = key
        self.document_url = document_url
        self.ttl = min(float(ttl), MAX_TTL_S)
        self.user, self.password, self.token = user, password, token
        self.timeout = timeout
        self._ssl = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self._etcd_token = None
        self._document = None
        self._read_at = float("-inf")
        self._error = None

    # -- reading the store ---------------------------------------------------------------------
    def _request(self, url, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, headers=headers or {},
                                         method="POST" if data is not None else "GET")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=self.timeout, context=self._ssl) as response:
            return json.loads(response.read() or b"null")

    def _etcd_headers(self, renew=False):
        if not self.user:
            return {}
        if renew or not self._etcd_token:
            reply = self._request(self.etcd_url + "/v3/auth/authenticate",
                                  {"name": self.user, "password": self.password or ""})
            self._etcd_token = reply["token"]
        return {"Authorization": self._etcd_token}  # etcd wants the bare token, no "Bearer "

    def _read_etcd(self):
        body = {"key": base64.b64encode(self.key.encode()).decode()}
        try:
            reply = self._request(self.etcd_url + "/v3/kv/range", body, self._etcd_headers())
        except urllib.error.HTTPError as e:
            if e.code != 401 or not self.user:
                raise
            # The token expired: log in again, once.
            reply = self._request(self.etcd_url + "/v3/kv/range", body, self._etcd_headers(renew=True))
        kvs = reply.get("kvs") or []
        if not kvs:
            return {"schema": 1, "kill_all": False, "disabled_agents": []}  # never written
        return json.loads(base64.b64decode(kvs[0]["value"]))

    def _read_document(self):
        headers = {"Authorization": "Bearer " + self.token} if self.token else {}
        try:
            return self._request(self.document_url, headers=headers)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return {"schema": 1, "kill_all": False, "disabled_agents": []}
            raise

    def document(self):
        """The document, read at most once per ttl; None while the store is unreachable."""
        now = time.monotonic()
        if now - self._read_at < self.ttl:
            return self._document
        try:
            doc = self._read_etcd() if self.etcd_url else self._read_document()
            if not isinstance(doc, dict) or not isinstance(doc.get("kill_all", False), bool) \
                    or not isinstance(doc.get("disabled_agents", []), list):
                raise ValueError("the kill-switch document is not valid")
            self._document, self._error = doc, None
        except (OSError, ValueError, KeyError) as e:  # URLError, timeouts, bad JSON
            self._document, self._error = None, e
        self._read_at = now
        return self._document

    # -- the check -----------------------------------------------------------------------------
    def check(self):
        """Raises AgentHalted when this agent must not make the next call."""
        doc = self.document()
        if doc is None:
            if self.fail_closed:
                raise AgentHalted(f"kill-switch store unreachable ({self._error}); failing closed")
            print(f"warning: kill-switch store unreachable ({self._error}); failing open",
                  file=sys.stderr)
            return
        if doc.get("kill_all"):
            raise AgentHalted("kill switch: all agents stopped: " + str(doc.get("reason") or "no reason given"))
        if self.agent_id in (doc.get("disabled_agents") or []):
            raise AgentHalted(f"kill switch: agent {self.agent_id} stopped: "
                              + str(doc.get("reason") or "no reason given"))


def main():
    parser = argparse.ArgumentParser(description="A demo agent loop guarded by the Burnrate kill switch.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--etcd", help="etcd client URL, e.g. http://127.0.0.1:2379")
    source.add_argument("--url", help="HTTPS URL of the kill-switch document")
    parser.add_argument("--key", default="burnrate/killswitch")
    parser.add_argument("--agent", required=True)
    parser.add_argument("--ttl", type=float, default=MAX_TTL_S)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between simulated calls")
    policy = parser.add_mutually_exclusive_group(required=True)
    policy.add_argument("--closed", action="store_true", help="halt when the store is unreachable")
    policy.add_argument("--open", action="store_true", help="carry on when the store is unreachable")
    args = parser.parse_args()
    guard = KillSwitchGuard(args.agent, "closed" if args.closed else "open", etcd_url=args.etcd, key=args.key,
                            document_url=args.url, ttl=args.ttl,
                            user=os.environ.get("KILLSWITCH_USER"),
                            password=os.environ.get("KILLSWITCH_PASSWORD"),
                            token=os.environ.get("KILLSWITCH_TOKEN"),
                            ca_file=os.environ.get("KILLSWITCH_CA_FILE"))
    calls = 0
    try:
        while True:
            guard.check()  # before the model call
            calls += 1
            print(f"call {calls}", flush=True)
            time.sleep(args.interval)
    except AgentHalted as halted:
        print(f"halted after {calls} calls: {halted}", flush=True)
        return 3


if __name__ == "__main__":
    sys.exit(main())
