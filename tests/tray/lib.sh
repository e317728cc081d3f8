# Shared by the tray tests (sourced): a work directory cleaned up on exit, a display of their own
# (Xvfb) with a tray host (trayer), and the X helpers that find Burnrate's windows, its tray icon, the
# tray menu and the balloon messages. Each test sets BURNRATE and starts Burnrate itself.
# shellcheck shell=bash
WORK=$(mktemp -d)
XVFB_PID='' TRAYER_PID='' APP_PID='' ETCD_PID=''
cleanup() {
    for pid in $APP_PID $TRAYER_PID $XVFB_PID $ETCD_PID; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    [ -f "$WORK/burnrate.log" ] && { echo "--- burnrate log"; cat "$WORK/burnrate.log"; }
    [ -f "$WORK/etcd.log" ] && { echo "--- etcd log (tail)"; tail -20 "$WORK/etcd.log"; }
    [ -n "${DISPLAY:-}" ] && { echo "--- windows"; xwininfo -root -tree 2>&1 | grep -v '1x1+' || true; }
    exit 1
}

# wait_for SECONDS COMMAND…: until the command succeeds, polling every 0.2 s.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -lt "$deadline" ] || return 1
        sleep 0.2
    done
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A display of its own (Xvfb picks a free number), no TCP; a home, config and runtime directory of its
# own; no session bus, so Qt uses the XEmbed tray and nothing of the user's session is touched.
start_display() {
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$WORK/display" 2>"$WORK/xvfb.log" &
    XVFB_PID=$!
    wait_for 10 test -s "$WORK/display" || fail "Xvfb did not start: $(cat "$WORK/xvfb.log")"
    DISPLAY=":$(cat "$WORK/display")"
    export DISPLAY
    # With several servers starting at once, -displayfd may name the display a moment before it answers:
    # wait until it does, or a client started now fails to open it.
    wait_for 10 xwininfo -root >/dev/null 2>&1 || fail "Xvfb on $DISPLAY does not answer: $(cat "$WORK/xvfb.log")"
    mkdir -p "$WORK/home" "$WORK/run"
    chmod 700 "$WORK/run"
    export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/config" XDG_DATA_HOME="$WORK/home/data" \
        XDG_CACHE_HOME="$WORK/home/cache" XDG_RUNTIME_DIR="$WORK/run" QT_QPA_PLATFORM=xcb LC_ALL=C.UTF-8 \
        QT_LOGGING_RULES='qt.qpa.*=false'
    unset DBUS_SESSION_BUS_ADDRESS LANGUAGE QT_QPA_PLATFORMTHEME BURNRATE_OTLP_TOKEN \
        BURNRATE_KILLSWITCH_PASSWORD BURNRATE_KILLSWITCH_TOKEN
    echo "display $DISPLAY"
}

find_panel() {
    PANEL=$(xwininfo -root -children | awk '/\("panel" "trayer"\)/ {print $1; exit}')
    [ -n "$PANEL" ]
}
start_trayer() {
    trayer --edge bottom --align right --widthtype request --height 24 --SetDockType false \
        --SetPartialStrut false --transparent false >"$WORK/trayer.log" 2>&1 &
    TRAYER_PID=$!
    wait_for 10 find_panel || fail "trayer did not start: $(cat "$WORK/trayer.log")"
}

# The windows of Burnrate's that are children of the root window.
top_level_windows() { xwininfo -root -children | awk '/\("burnrate" "burnrate"\)/ {print $1}'; }
map_state() { xwininfo -id "$1" 2>/dev/null | awk '/Map State:/ {print $3}'; }
is_viewable() { [ "$(map_state "$1")" = IsViewable ]; }
is_unmapped() { [ "$(map_state "$1")" = IsUnMapped ]; }
find_main() {
    MAIN=$(xwininfo -root -children | awk '$2 == "\"Burnrate\":" && /\("burnrate" "burnrate"\)/ {print $1; exit}')
    [ -n "$MAIN" ] && is_viewable "$MAIN"
}
find_icon() { # a window of Burnrate's embedded (XEmbed) somewhere inside trayer's panel
    ICON=$(xwininfo -tree -id "$PANEL" | awk '/\("burnrate" "burnrate"\)/ {print $1; exit}')
    [ -n "$ICON" ]
}
# The popup menu: shown, not managed by a window manager (override-redirect), and not a tooltip or
# the balloon message (both tooltip windows).
menu_open() {
    local w
    for w in $(top_level_windows); do
        is_viewable "$w" && xwininfo -id "$w" | grep -q 'Override Redirect State: yes' &&
            ! xprop -id "$w" _NET_WM_WINDOW_TYPE | grep -q TOOLTIP && return 0
    done
    return 1
}
menu_closed() { ! menu_open; }
# The balloon message: a shown tooltip window of Burnrate's, bigger than a tooltip's one line.
find_balloon() {
    local w
    for w in $(top_level_windows); do
        is_viewable "$w" && xprop -id "$w" _NET_WM_WINDOW_TYPE | grep -q TOOLTIP &&
            [ "$(xwininfo -id "$w" | awk '/Height:/ {print $2}')" -gt 40 ] && { BALLOON=$w; return 0; }
    done
    return 1
}
no_balloon() { ! find_balloon; }
# Clicks the icon, then moves the pointer away so that no tooltip opens over it.
click_icon() { xdotool mousemove --window "$ICON" 11 11 click "$1" mousemove 600 300; }
open_menu() {
    wait_for 5 menu_closed || fail "a menu is already open"
    click_icon 3
    wait_for 5 menu_open || fail "the tray menu did not open on a right click"
}
