#!/usr/bin/env bash
# The kill switch from the tray, under a real X server and tray host (Xvfb + trayer) with a real etcd
# (Debian's etcd-server) on private loopback ports, driven with xdotool the way a user would, with the main
# window closed to the tray: the menu's "Kill all agents" sets kill_all in etcd (checked with etcdctl) and
# the icon turns into the red stop sign; "Resume all agents" clears it and the icon turns back; a
# teammate's change in etcd shows on the icon within the poll interval; a stopped etcd does not leave the
# icon claiming a state it cannot read.
# usage: killswitch_tray.sh <burnrate>
set -euo pipefail
BURNRATE=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

# --- etcd on private loopback ports -------------------------------------------------------------------
CLIENT_PORT=$(free_port)
PEER_PORT=$(free_port)
ETCD_URL="http://127.0.0.1:$CLIENT_PORT"
KEY=burnrate/killswitch
start_etcd() {
    etcd --name tray --data-dir "$WORK/etcd-data" --listen-client-urls "$ETCD_URL" \
        --advertise-client-urls "$ETCD_URL" --listen-peer-urls "http://127.0.0.1:$PEER_PORT" \
        --initial-advertise-peer-urls "http://127.0.0.1:$PEER_PORT" \
        --initial-cluster "tray=http://127.0.0.1:$PEER_PORT" >>"$WORK/etcd.log" 2>&1 &
    ETCD_PID=$!
    wait_for 20 etcdctl --endpoints "$ETCD_URL" endpoint health >/dev/null 2>&1 || fail "etcd did not start"
}
stored() { ETCDCTL_API=3 etcdctl --endpoints "$ETCD_URL" get "$KEY" --print-value-only 2>/dev/null; }
# kill_all in the stored document is true / false.
kill_all_is() {
    stored | python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["kill_all"] == (sys.argv[1] == "true") else 1)' "$1" 2>/dev/null
}
start_etcd
echo "etcd at $ETCD_URL"

# --- X, a tray host, and Burnrate configured for that etcd --------------------------------------------
start_display
start_trayer

printf '[killswitch]\nbackend=etcd\nurl=%s\nkey=%s\npoll_s=1\nuser=\n' "$ETCD_URL" "$KEY" >"$WORK/burnrate.conf"
"$BURNRATE" --db "$WORK/tray.sqlite" --config "$WORK/burnrate.conf" --otlp-listen "127.0.0.1:$(free_port)" \
    >"$WORK/burnrate.log" 2>&1 &
APP_PID=$!

dismiss_balloon() {
    if find_balloon; then
        xdotool mousemove --window "$BALLOON" 30 30 click 1 mousemove 600 300
        wait_for 5 no_balloon || fail "a click did not dismiss the balloon"
    fi
}
# The icon's colour as drawn in the tray: "red" when most of its coloured pixels are the Killed stop sign's
# red (#b71c1c), "green" for the Ok badge (#2e7d32), else "other".
icon_colour() {
    import -window "$ICON" "$WORK/icon.png" 2>/dev/null || { echo none; return; }
    convert "$WORK/icon.png" -depth 8 txt:- | python3 -c '
import re, sys
red = green = amber = 0
for line in sys.stdin:
    m = re.search(r"\((\d+),(\d+),(\d+)", line)
    if not m:
        continue
    r, g, b = map(int, m.groups())
    red += r > 140 and g < 70 and b < 70
    green += g > 90 and r < 90 and b < 90
    amber += r > 200 and 130 < g < 200 and b < 60
counts = {"red": red, "green": green, "amber": amber}
best = max(counts, key=counts.get)
others = sum(counts.values()) - counts[best]
print(best if counts[best] > 20 and counts[best] > 2 * others else "other")'
}
icon_is() { [ "$(icon_colour)" = "$1" ]; }

wait_for 20 find_main || fail "the main window did not appear"
wait_for 15 find_icon || fail "no Burnrate icon in the tray"
wait_for 10 grep -q "Kill switch: etcd $ETCD_URL key $KEY" "$WORK/burnrate.log" ||
    fail "Burnrate did not set up the kill switch from [killswitch]"
wait_for 10 icon_is green || fail "the icon is $(icon_colour), not the green Ok badge, before any kill"
echo "ok: the icon $ICON is in the tray, green; the kill switch reads $ETCD_URL"

# Everything below happens with the main window closed to the tray.
python3 "$HERE/xclose.py" "$MAIN"
wait_for 5 is_unmapped "$MAIN" || fail "closing the window did not hide it to the tray"
sleep 0.5
dismiss_balloon

open_menu
xdotool key k # &Kill all agents
wait_for 10 kill_all_is true || fail "Kill all agents in the tray did not set kill_all in etcd: $(stored)"
echo "ok: etcdctl get $KEY: $(stored)"
wait_for 10 icon_is red || fail "the icon is $(icon_colour), not the red Killed stop sign, after Kill all agents"
echo "ok: the icon shows the Killed stop sign"
wait_for 5 find_balloon || fail "no balloon said that Kill all agents was confirmed"
dismiss_balloon
echo "ok: a balloon says the change was confirmed"
is_unmapped "$MAIN" || fail "the window came back by itself"

open_menu
xdotool key r # &Resume all agents
wait_for 10 kill_all_is false || fail "Resume all agents in the tray did not clear kill_all in etcd: $(stored)"
wait_for 10 icon_is green || fail "the icon is $(icon_colour), not green, after Resume all agents"
dismiss_balloon
echo "ok: Resume all agents clears kill_all and the icon turns green again"

# A teammate (another Burnrate, burnrate kill on) sets kill_all: the icon shows it within the poll.
version=$(stored | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
ETCDCTL_API=3 etcdctl --endpoints "$ETCD_URL" put "$KEY" \
    "{\"schema\":1,\"version\":$((version + 1)),\"kill_all\":true,\"disabled_agents\":[],\"reason\":\"teammate\",\"updated_by\":\"bob@desk\",\"updated_at\":\"2026-11-24T20:43:00Z\"}" >/dev/null
wait_for 5 icon_is red || fail "a teammate's kill_all did not show on the icon within 5 s"
echo "ok: a teammate's kill in etcd shows on the icon within 5 s"

# The store goes away: the state is unknown, so the icon claims neither Killed nor safe (amber).
kill "$ETCD_PID"
wait "$ETCD_PID" 2>/dev/null || true
ETCD_PID=''
wait_for 15 grep -q 'kill-switch store unknown' "$WORK/burnrate.log" || fail "Burnrate did not notice that etcd stopped"
wait_for 5 icon_is amber || fail "the icon is $(icon_colour), not amber, while the store cannot be read"
start_etcd
wait_for 10 icon_is red || fail "the icon did not show Killed again once etcd was back"
echo "ok: a stopped etcd shows amber (unknown), neither killed nor safe; back, it is read again"

open_menu
xdotool key q
wait_for 15 bash -c "! kill -0 $APP_PID 2>/dev/null" || fail "Burnrate is still running after Quit"
code=0
wait "$APP_PID" || code=$?
APP_PID=''
[ "$code" -eq 0 ] || fail "Burnrate exited with code $code"
echo "kill switch tray test passed"
