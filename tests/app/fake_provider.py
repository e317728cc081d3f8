#!/usr/bin/env python3
"""A stand-in for the OpenAI, Anthropic and OpenRouter admin APIs on loopback, for poller_headless.sh.

Serves the response files in DATA_DIR (tests/data/providers) by path, follows their page cursors, and
answers 401 when a request lacks the key its provider expects. Writes its port to PORT_FILE and one line
per request (method, path, query; never a header) to LOG_FILE.

usage: fake_provider.py DATA_DIR PORT_FILE LOG_FILE OPENAI_KEY ANTHROPIC_KEY OPENROUTER_KEY
"""
import http.server
import json
import os
import sys
import urllib.parse

data_dir, port_file, log_file, openai_key, anthropic_key, openrouter_key = sys.argv[1:7]


def page_cursor(name):
    with open(os.path.join(data_dir, name), encoding="utf-8") as f:
        return json.load(f).get("next_page")


# path -> [(page cursor or None, file)]: the first page answers a request without `page`.
ROUTES = {
    "/v1/organization/usage/completions": [
        (None, "openai_usage_page1.json"),
        (page_cursor("openai_usage_page1.json"), "openai_usage_page2.json"),
    ],
    "/v1/organization/costs": [
        (None, "openai_costs.json"),
        (page_cursor("openai_costs.json"), "openai_usage_empty.json"),  # an empty last page
    ],
    "/v1/organizations/usage_report/messages": [
        (None, "anthropic_usage_page1.json"),
        (page_cursor("anthropic_usage_page1.json"), "anthropic_usage_page2.json"),
    ],
    "/v1/organizations/cost_report": [(None, "anthropic_costs.json")],
    "/api/v1/key": [(None, "openrouter_key.json")],
    "/api/v1/credits": [(None, "openrouter_credits.json")],
    "/api/v1/activity": [(None, "openrouter_activity.json")],
}


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body):
        payload = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def authorized(self, path):
        if path.startswith("/v1/organizations/"):
            return (self.headers.get("x-api-key") == anthropic_key
                    and self.headers.get("anthropic-version") == "2023-06-01")
        key = openai_key if path.startswith("/v1/organization/") else openrouter_key
        return self.headers.get("Authorization") == "Bearer " + key

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        with open(log_file, "a", encoding="utf-8") as log:
            log.write(f"GET {url.path} {url.query}\n")
        if url.path not in ROUTES:
            return self.answer(404, '{"error": {"message": "not found"}}')
        if not self.authorized(url.path):
            return self.answer(401, '{"error": {"message": "invalid key"}}')
        page = query.get("page", [None])[0]
        for cursor, name in ROUTES[url.path]:
            if cursor == page:
                with open(os.path.join(data_dir, name), "rb") as f:
                    return self.answer(200, f.read())
        return self.answer(400, '{"error": {"message": "unknown page cursor"}}')

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w", encoding="utf-8") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
