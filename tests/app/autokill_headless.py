#!/usr/bin/env python3
"""The automatic kill end to end: the real `burnrate --headless` with a real etcd (Debian's etcd-server) on
private loopback ports, a daily budget of $1 scoped to agent=research-agent with --kill enforce, and OTLP
traces posted to its receiver. When the agent's spend crosses 120 %, Burnrate itself must stop that agent in
etcd (and only that agent), with a reason that says it was automatic, audited, and logged; an observe-mode
budget for another agent only says what it would have done.

Needs the budget monitor's escalationRequested connected to the service's AutoKill (see app/service.cpp).

    autokill_headless.py BURNRATE
"""
import atexit
import base64
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

burnrate = sys.argv[1]
work = tempfile.mkdtemp(prefix="burnrate-autokill.")
db = os.path.join(work, "burnrate.sqlite")
conf = os.path.join(work, "burnrate.conf")
log_path = os.path.join(work, "burnrate.log")
for key in ("http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(key, None)
env = dict(os.environ, LANG="C.UTF-8", XDG_CONFIG_HOME=work, XDG_DATA_HOME=work)
env.pop("BURNRATE_KILLSWITCH_PASSWORD", None)
procs = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cleanup():
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    shutil.rmtree(work, True)


atexit.register(cleanup)


def fail(message):
    print(f"autokill_headless: {message}", file=sys.stderr)
    try:
        with open(log_path, encoding="utf-8") as f:
            print("--- burnrate log:\n" + f.read(), file=sys.stderr)
    except OSError:
        pass
    sys.exit(1)


client, peer = free_port(), free_port()
etcd_url = f"http://127.0.0.1:{client}"
procs.append(subprocess.Popen(
    ["etcd", "--name", "autokill", "--data-dir", os.path.join(work, "etcd"), "--listen-client-urls", etcd_url,
     "--advertise-client-urls", etcd_url, "--listen-peer-urls", f"http://127.0.0.1:{peer}",
     "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}", "--initial-cluster",
     f"autokill=http://127.0.0.1:{peer}"],
    stdout=open(os.path.join(work, "etcd.log"), "w"), stderr=subprocess.STDOUT))


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def document():
    """The kill-switch document in etcd, or None while it has never been written."""
    reply = post_json(etcd_url + "/v3/kv/range", {"key": base64.b64encode(b"burnrate/killswitch").decode()})
    kvs = reply.get("kvs", [])
    return json.loads(base64.b64decode(kvs[0]["value"])) if kvs else None


for _ in range(200):
    try:
        with urllib.request.urlopen(etcd_url + "/health", timeout=2) as r:
            if b"true" in r.read():
                break
    except OSError:
        time.sleep(0.1)
else:
    fail("etcd did not start")

with open(conf, "w", encoding="utf-8") as f:
    f.write(f"[killswitch]\nbackend=etcd\nurl={etcd_url}\npoll_s=1\n")


def cli(*args):
    r = subprocess.run([burnrate, *args, "--db", db, "--config", conf], env=env, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        fail(f"burnrate {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


cli("budget", "add", "--name", "research", "--limit", "1", "--period", "day", "--tz", "UTC",
    "--scope", "agent=research-agent", "--kill", "enforce")
cli("budget", "add", "--name", "writer", "--limit", "1", "--period", "day", "--tz", "UTC",
    "--scope", "agent=writer-agent", "--kill", "observe")

app = subprocess.Popen([burnrate, "--headless", "--db", db, "--config", conf, "--otlp-listen", "127.0.0.1:0"],
                       env=env, stdout=open(log_path, "w", encoding="utf-8"), stderr=subprocess.STDOUT)
procs.append(app)
url = None
for _ in range(300):
    with open(log_path, encoding="utf-8") as f:
        m = re.search(r"(http://127\.0\.0\.1:\d+/v1/traces)", f.read())
    if m:
        url = m.group(1)
        break
    if app.poll() is not None:
        fail("burnrate exited early")
    time.sleep(0.1)
if not url:
    fail("the receiver did not start")

runs = 0


def attr(key, value):
    if isinstance(value, int):
        return {"key": key, "value": {"intValue": str(value)}}
    return {"key": key, "value": {"stringValue": value}}


def post_run(agent, cost):
    """One run of `agent`: invoke_agent root and a chat with a reported cost. Returns after the commit."""
    global runs
    runs += 1
    trace = f"{0xa0701:016x}{runs:016x}"
    start = time.time_ns() - 10_000_000_000
    root = f"{runs:08x}00000001"

    def span(n, parent, name, attrs):
        return {"traceId": trace, "spanId": f"{runs:08x}0000000{n}", "parentSpanId": parent, "name": name,
                "startTimeUnixNano": str(start + n * 1_000_000), "endTimeUnixNano": str(start + 5_000_000_000),
                "attributes": attrs}

    spans = [
        span(2, root, "chat gpt-4o", [attr("gen_ai.operation.name", "chat"), attr("gen_ai.provider.name", "openai"),
                                      attr("gen_ai.request.model", "gpt-4o"),
                                      attr("gen_ai.usage.input_tokens", 1000 + runs),
                                      attr("gen_ai.usage.output_tokens", 10),
                                      {"key": "gen_ai.usage.cost", "value": {"doubleValue": cost}}]),
        span(1, "", "invoke_agent " + agent, [attr("gen_ai.operation.name", "invoke_agent"),
                                              attr("gen_ai.agent.id", agent)]),
    ]
    body = {"resourceSpans": [{"resource": {"attributes": [attr("service.name", "e2e")]},
                               "scopeSpans": [{"scope": {"name": "e2e"}, "spans": spans}]}]}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200:
            fail(f"the receiver answered {response.status}")


# 90 %: no escalation, nothing stopped.
post_run("research-agent", 0.9)
post_run("writer-agent", 1.3)  # 130 % of an observe-mode budget
time.sleep(2)
doc = document()
if doc and doc.get("disabled_agents"):
    fail(f"an agent was stopped before any enforce budget reached 120 %: {doc}")

# 125 %: the research budget's 120 % tier fires, and Burnrate stops research-agent by itself.
committed = time.monotonic()
post_run("research-agent", 0.35)
for _ in range(100):
    doc = document()
    if doc and "research-agent" in doc.get("disabled_agents", []):
        break
    time.sleep(0.1)
else:
    fail(f"research-agent was not stopped in etcd within 10 s of its 120 % batch: {document()}")
print(f"research-agent stopped in etcd {time.monotonic() - committed:.1f} s after its batch was committed")
if doc["disabled_agents"] != ["research-agent"] or doc["kill_all"]:
    fail(f"more than research-agent was stopped: {doc}")
if not doc["reason"].startswith("Automatic (alert "):
    fail(f"the document's reason does not say it was automatic: {doc['reason']}")

status = json.loads(cli("kill", "status", "--format", "json"))
if status.get("disabled_agents") != ["research-agent"]:
    fail(f"burnrate kill status disagrees: {status}")
with sqlite3.connect(db) as con:
    rows = con.execute("SELECT action, reason, outcome, version FROM killswitch_audit").fetchall()
if len(rows) != 1 or rows[0][0] != "disable:research-agent" or rows[0][2] != "confirmed" or \
        not rows[0][1].startswith("Automatic (alert "):
    fail(f"the audit trail does not show the automatic stop: {rows}")
for _ in range(50):
    with open(log_path, encoding="utf-8") as f:
        log = f.read()
    if "Stopped agent research-agent automatically" in log:
        break
    time.sleep(0.1)
else:
    fail("the automatic stop was not announced in the log")
if "Observe mode: would have stopped agent writer-agent" not in log:
    fail("the observe-mode budget did not say what it would have done")
print("autokill_headless: ok")
