#!/usr/bin/env python3
"""The real `burnrate --headless` raising alerts from OTLP traces posted to its receiver on loopback.

A daily budget of $1 (scope all, kill observe) and an agent that calls one tool over and over: each tier
alert and the loop alarm must be stored within 1 s of the commit of the batch that triggers it (the alert's
fired_at against the time the receiver answered 200, which it sends only after the commit), and
`burnrate alerts --format json` must list them, the loop naming the agent, its session and its traces.

    alerts_headless.py BURNRATE
"""
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone

burnrate = sys.argv[1]
work = tempfile.mkdtemp(prefix="burnrate-alerts.")
db = os.path.join(work, "burnrate.sqlite")
conf = os.path.join(work, "burnrate.conf")
log_path = os.path.join(work, "burnrate.log")
with open(conf, "w", encoding="utf-8") as f:
    f.write("[alerts]\nloop_kill_action=observe\n")
for key in ("http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(key, None)
env = dict(os.environ, LANG="C.UTF-8", XDG_CONFIG_HOME=work, XDG_DATA_HOME=work)


def fail(message):
    print(f"alerts_headless: {message}", file=sys.stderr)
    try:
        with open(log_path, encoding="utf-8") as f:
            print("--- burnrate log:\n" + f.read(), file=sys.stderr)
    except OSError:
        pass
    sys.exit(1)


atexit.register(shutil.rmtree, work, True)


def cli(*args):
    r = subprocess.run([burnrate, *args, "--db", db, "--config", conf], env=env, capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        fail(f"burnrate {' '.join(args)} exited {r.returncode}: {r.stderr}")
    return r.stdout


cli("budget", "add", "--name", "daily", "--limit", "1", "--period", "day", "--tz", "UTC", "--kill", "observe")

app = subprocess.Popen([burnrate, "--headless", "--db", db, "--config", conf, "--otlp-listen", "127.0.0.1:0"],
                       env=env, stdout=open(log_path, "w", encoding="utf-8"), stderr=subprocess.STDOUT)
try:
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

    def attr(key, value):
        if isinstance(value, int):
            return {"key": key, "value": {"intValue": str(value)}}
        return {"key": key, "value": {"stringValue": value}}

    runs = 0

    def post_run(tool, cost):
        """One agent run: invoke_agent root, a chat with a reported cost, a tool call. Returns when the
        receiver answered (after the commit), in ns."""
        global runs
        runs += 1
        trace = f"{0xa1e7:016x}{runs:016x}"
        start = time.time_ns() - 10_000_000_000
        root = f"{runs:08x}00000001"

        def span(n, parent, name, attrs):
            return {"traceId": trace, "spanId": f"{runs:08x}0000000{n}", "parentSpanId": parent, "name": name,
                    "startTimeUnixNano": str(start + n * 1_000_000), "endTimeUnixNano": str(start + 5_000_000_000),
                    "attributes": attrs}

        spans = [
            span(2, root, "chat gpt-4o", [attr("gen_ai.operation.name", "chat"),
                                          attr("gen_ai.provider.name", "openai"),
                                          attr("gen_ai.request.model", "gpt-4o"),
                                          attr("gen_ai.usage.input_tokens", 1000 + runs),
                                          attr("gen_ai.usage.output_tokens", 10),
                                          {"key": "gen_ai.usage.cost", "value": {"doubleValue": cost}}]),
            span(3, root, "execute_tool " + tool, [attr("gen_ai.operation.name", "execute_tool"),
                                                   attr("gen_ai.tool.name", tool)]),
            span(1, "", "invoke_agent stuck-agent", [attr("gen_ai.operation.name", "invoke_agent"),
                                                    attr("gen_ai.agent.id", "stuck-agent"),
                                                    attr("session.id", "s-stuck")]),
        ]
        body = json.dumps({"resourceSpans": [{"resource": {"attributes": [attr("service.name", "e2e")]},
                                              "scopeSpans": [{"scope": {"name": "e2e"}, "spans": spans}]}]})
        request = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200:
                fail(f"the receiver answered {response.status}")
        return time.time_ns(), trace

    def alerts():
        return json.loads(cli("alerts", "--format", "json"))

    def wait_for(predicate, what):
        for _ in range(100):
            found = [a for a in alerts() if predicate(a)]
            if found:
                return found
            time.sleep(0.1)
        fail(f"no {what} alert")

    def fired_ns(alert):
        return int(datetime.fromisoformat(alert["fired_at"].replace("Z", "+00:00")).timestamp() * 1e9)

    def check_delay(alert, committed_ns, what):
        delay_ms = (fired_ns(alert) - committed_ns) / 1e6
        print(f"{what}: fired {delay_ms:.0f} ms after the batch was committed")
        if delay_ms > 1000:
            fail(f"the {what} alert came {delay_ms:.0f} ms after its batch (more than 1 s)")

    # $0.75: the 70 % tier. Varied tools before the loop.
    committed, _ = post_run("read_file", 0.75)
    check_delay(wait_for(lambda a: a["kind"] == "budget" and a["tier"] == 70, "70 %")[0], committed, "70 % tier")
    post_run("grep", 0.0)
    traces = []
    for i in range(3):
        _, trace = post_run("run_tests", 0.0)
        traces.append(trace)
    time.sleep(1.5)
    if any(a["kind"] == "loop" for a in alerts()):
        fail("a loop alarm after 3 of 5 tool calls")
    committed, trace = post_run("run_tests", 0.0)
    traces.append(trace)
    loop = wait_for(lambda a: a["kind"] == "loop", "loop")
    check_delay(loop[0], committed, "loop alarm")
    detail = loop[0]["detail"]
    if detail.get("agent") != "stuck-agent" or detail.get("session") != "s-stuck":
        fail(f"the loop alarm names the wrong agent or session: {loop[0]}")
    if sorted(detail.get("trace_ids", [])) != sorted(traces):
        fail(f"the loop alarm names {detail.get('trace_ids')}, expected {traces}")
    if loop[0]["scope"] != "agent=stuck-agent" or "stuck-agent" not in loop[0]["message"]:
        fail(f"the loop alarm does not name its agent: {loop[0]}")
    # $0.50 more: 125 %, the 100 and 120 % tiers in one evaluation; the loop goes on, quietly.
    committed, _ = post_run("run_tests", 0.5)
    tiers = wait_for(lambda a: a["kind"] == "budget" and a["tier"] == 120, "120 %")
    check_delay(tiers[0], committed, "120 % tier")
    time.sleep(1.5)
    final = alerts()
    kinds = sorted((a["kind"], a["tier"]) for a in final)
    expected = sorted([("budget", 70), ("budget", 100), ("budget", 120), ("loop", None)])
    if kinds != expected:
        fail(f"alerts {kinds}, expected {expected}")
    with open(log_path, encoding="utf-8") as f:
        log = f.read()
    if "looks stuck in a loop" not in log:
        fail("the loop alarm was not logged")
finally:
    app.terminate()
    try:
        app.wait(timeout=30)
    except subprocess.TimeoutExpired:
        app.kill()
if app.returncode != 0:
    fail(f"burnrate --headless exited {app.returncode}")
print("alerts_headless: ok")
