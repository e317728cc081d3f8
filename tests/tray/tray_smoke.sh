#!/usr/bin/env bash
# The tray under a real X server and a real tray host (Xvfb + trayer, an XEmbed system tray), driven
# with xdotool the way a user would: the icon is embedded in the tray; a click hides and shows the
# window; closing the window keeps Burnrate running in the tray; the menu's "Pause notifications" is
# stored, "Open Burnrate" shows the window and "Quit" ends Burnrate with exit code 0; a budget alert
# shows a balloon whose click opens the window. Then, without a tray host, Burnrate says so and closing
# the window quits.
# usage: tray_smoke.sh <burnrate>
set -euo pipefail
BURNRATE=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
start_display

# How many of the icon's 22x22 pixels are tray-critical.svg's red (#c62828); it fills most of that icon.
red_pixels() {
    import -window "$ICON" "$WORK/icon.png" 2>/dev/null &&
        convert "$WORK/icon.png" -fuzz 10% -fill '#00ff00' -opaque '#c62828' txt: | grep -ci '#00ff00' || true
}
icon_red() { [ "$(red_pixels)" -gt 120 ]; }
start_burnrate() {
    : >"$WORK/burnrate.conf"
    "$BURNRATE" --db "$WORK/$1.sqlite" --config "$WORK/burnrate.conf" --otlp-listen "127.0.0.1:$(free_port)" \
        >"$WORK/burnrate.log" 2>&1 &
    APP_PID=$!
    wait_for 20 find_main || fail "the main window did not appear"
}
app_ended() { ! kill -0 "$APP_PID" 2>/dev/null; }
# Waits for Burnrate to end and checks its exit code.
expect_exit_ok() {
    wait_for 15 app_ended || fail "Burnrate is still running after $1"
    local code=0
    wait "$APP_PID" || code=$?
    APP_PID=''
    [ "$code" -eq 0 ] || fail "Burnrate exited with code $code after $1"
    echo "ok: $1 ends Burnrate with exit code 0"
}

# --- With a tray host ------------------------------------------------------------------------------
start_trayer

start_burnrate tray
wait_for 15 find_icon || fail "no Burnrate icon in the tray"
is_viewable "$ICON" || fail "the tray icon is not shown"
echo "ok: the icon $ICON is embedded in the tray $PANEL: $(xwininfo -id "$ICON" | awk '/geometry/ {print $2}')"
sleep 0.5
[ "$(red_pixels)" -lt 10 ] || fail "the tray icon is red with no budget and no alert ($(red_pixels) red pixels)"

click_icon 1
wait_for 5 is_unmapped "$MAIN" || fail "a click on the icon did not hide the window"
sleep 1 # so that the next click is not taken for the second half of a double click
click_icon 1
wait_for 5 is_viewable "$MAIN" || fail "a second click on the icon did not show the window"
echo "ok: a click on the icon hides the window, another shows it"

python3 "$HERE/xclose.py" "$MAIN"
wait_for 5 is_unmapped "$MAIN" || fail "closing the window did not hide it to the tray"
wait_for 5 find_balloon || fail "closing the window to the tray showed no balloon message"
sleep 1
kill -0 "$APP_PID" 2>/dev/null || fail "Burnrate ended when its window was closed"
grep -q '^told_close_to_tray=true' "$XDG_CONFIG_HOME/burnrate/window-state.ini" ||
    fail "window-state.ini does not remember that closing to the tray was told"
xdotool mousemove --window "$BALLOON" 30 30 click 1 mousemove 600 300 # a click dismisses it
wait_for 5 no_balloon || fail "a click did not dismiss the balloon message"
echo "ok: closing the window keeps Burnrate running in the tray and says so in a balloon"

open_menu
xdotool key p
wait_for 5 grep -q '^notifications_paused=true' "$WORK/burnrate.conf" ||
    fail "Pause notifications was not stored in burnrate.conf"
open_menu
xdotool key p
wait_for 5 grep -q '^notifications_paused=false' "$WORK/burnrate.conf" ||
    fail "a second Pause notifications did not resume them"
echo "ok: Pause notifications is stored in burnrate.conf, and toggles back"

is_unmapped "$MAIN" || fail "the window closed to the tray came back by itself"
open_menu
xdotool key o
wait_for 5 is_viewable "$MAIN" || fail "Open Burnrate did not show the window"
echo "ok: Open Burnrate shows the window"
python3 "$HERE/xclose.py" "$MAIN"
wait_for 5 is_unmapped "$MAIN" || fail "closing the window again did not hide it to the tray"
sleep 1.5
no_balloon || fail "closing to the tray a second time told it again"
echo "ok: closing to the tray again says nothing (told once)"

open_menu
xdotool key q
expect_exit_ok "Quit in the tray menu"

# --- An alert's balloon -----------------------------------------------------------------------------
# A daily budget of one cent and the demo fleet: its tiers fire at once, each a balloon; a click on one
# brings the window (hidden to the tray) back, on the Alerts screen.
"$BURNRATE" budget add --db "$WORK/alerts.sqlite" --config "$WORK/burnrate.conf" --name cent --limit 0.01 \
    --period day >/dev/null || fail "budget add failed"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BURNRATE" --db "$WORK/alerts.sqlite" --config "$WORK/burnrate.conf" --otlp-listen "127.0.0.1:$port" \
    --demo --demo-seed 7 >"$WORK/burnrate.log" 2>&1 &
APP_PID=$!
wait_for 20 find_main || fail "the main window did not appear"
wait_for 15 find_icon || fail "no Burnrate icon in the tray"
click_icon 1
wait_for 5 is_unmapped "$MAIN" || fail "a click on the icon did not hide the window"
# The alerts come once the demo's history is stored (live traces wait for it): 20-30 s on a busy machine.
wait_for 60 find_balloon || fail "the budget's alerts showed no balloon message"
grep -q "Budget 'cent' reached" "$WORK/burnrate.log" || fail "the balloon came before any alert was logged"
# The budget is past 100 % and nothing is acknowledged: the icon turns red.
wait_for 10 icon_red || fail "the tray icon did not turn red for a budget past its limit ($(red_pixels) red pixels)"
xdotool mousemove --window "$BALLOON" 30 30 click 1 mousemove 600 300
wait_for 5 is_viewable "$MAIN" || fail "a click on the alert's balloon did not show the window"
echo "ok: an alert shows a balloon and turns the icon red; a click on the balloon opens the window"
open_menu
xdotool key q
expect_exit_ok "Quit in the tray menu, after alerts"

# --- Without a tray host ---------------------------------------------------------------------------
kill "$TRAYER_PID"
wait "$TRAYER_PID" 2>/dev/null || true
TRAYER_PID=''
start_burnrate notray
wait_for 15 grep -q 'No system tray was found, so closing the window quits Burnrate.' "$WORK/burnrate.log" ||
    fail "without a tray host Burnrate did not say that closing quits"
echo "ok: without a tray host Burnrate says why closing quits"
python3 "$HERE/xclose.py" "$MAIN"
expect_exit_ok "closing the window without a tray host"
echo "tray smoke test passed"
