#!/usr/bin/env bash
# The README's screenshots: Burnrate with the demo fleet (--demo --demo-seed 7) under Xvfb (1280x800)
# with a tray host (trayer), each run with a fresh database and config. Writes overview.png (English),
# overview-de.png (LANG=de_DE.UTF-8), tray.png (the tray icon's tooltip and its menu), and explore.png,
# budgets.png and alerts.png (a run with four budgets small enough for the demo to cross their tiers); fails if
# an image is blank. The runs go side by side, each on a display of its own.
#
# usage: scripts/screenshots.sh [--out DIR] [--wait SECONDS] [--burnrate PATH]
#   --out       where the images go (default: docs/)
#   --wait      how long the demo runs before the capture (default 50 s, after its week of history)
#   --burnrate  the binary (default: build/app/burnrate)
# Needs xvfb, trayer, xdotool, x11-utils and imagemagick (scripts/deps.sh TEST_PACKAGES).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/docs
WAIT=50
BURNRATE=$ROOT/build/app/burnrate
while [ $# -gt 0 ]; do
    case $1 in
    --out) OUT=$2 ;;
    --wait) WAIT=$2 ;;
    --burnrate) BURNRATE=$2 ;;
    *)
        echo "usage: $0 [--out DIR] [--wait SECONDS] [--burnrate PATH]" >&2
        exit 2
        ;;
    esac
    shift 2
done
[ -x "$BURNRATE" ] || { echo "screenshots.sh: no burnrate binary at $BURNRATE; build it first" >&2; exit 1; }
BURNRATE=$(readlink -f "$BURNRATE")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The demo's history ends now. A local time of mid-afternoon shows a working day's spend under "Today"
# whatever the hour the script runs, so the zone is chosen to make it about 15:00.
offset=$(((15 - 10#$(date -u +%H) + 24) % 24))
[ "$offset" -gt 12 ] && offset=$((offset - 24))
if [ "$offset" -ge 0 ]; then export TZ="Etc/GMT-$offset"; else export TZ="Etc/GMT+${offset#-}"; fi

wait_for() { # wait_for SECONDS COMMAND…: until the command succeeds, polling every 0.2 s
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

# shoot NAME LANG [tray|budgets]: a display, a tray host and Burnrate with the demo; captures the main
# window as $OUT/NAME.png and, with "tray", the tooltip and the menu of the tray icon as $OUT/tray.png;
# with "budgets", adds budgets first and captures the Budgets and Alerts screens as $OUT/budgets.png
# and $OUT/alerts.png instead.
shoot() (
    name=$1 lang=$2 extra=${3:-}
    work=$(mktemp -d)
    pids=''
    trap 'kill $pids 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
    fail() {
        echo "screenshots.sh: $name: $*" >&2
        [ -f "$work/burnrate.log" ] && cat "$work/burnrate.log" >&2
        exit 1
    }

    mkdir -p "$work/home" "$work/run"
    chmod 700 "$work/run"
    export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data" \
        XDG_CACHE_HOME="$work/home/cache" XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=xcb
    unset DBUS_SESSION_BUS_ADDRESS QT_QPA_PLATFORMTHEME BURNRATE_OTLP_TOKEN

    # A display and a panel along the bottom edge, below the window, like a desktop's. With other tests'
    # servers starting and stopping at once, the display Xvfb names can be gone a moment later (seen once in
    # CI: trayer could not open a display that had just answered): then start both again, at most 3 times.
    local attempt xvfb tray
    panel=''
    find_panel() { panel=$(xwininfo -root -children | awk '/\("panel" "trayer"\)/ {print $1; exit}') && [ -n "$panel" ]; }
    for attempt in 1 2 3; do
        : >"$work/display"
        Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
        xvfb=$!
        pids="$pids $xvfb"
        wait_for 10 test -s "$work/display" || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
        DISPLAY=":$(cat "$work/display")"
        export DISPLAY
        # With several servers starting at once, -displayfd may name the display a moment before it
        # answers: wait until it does, or a client started now fails to open it.
        wait_for 10 xwininfo -root >/dev/null 2>&1 ||
            fail "Xvfb on $DISPLAY does not answer: $(cat "$work/xvfb.log")"
        trayer --edge bottom --align right --widthtype percent --width 100 --height 20 --SetDockType false \
            --SetPartialStrut false --transparent false >"$work/trayer.log" 2>&1 &
        tray=$!
        pids="$pids $tray"
        wait_for 10 find_panel && break
        echo "screenshots.sh: $name: trayer did not start on $DISPLAY (attempt $attempt): $(cat "$work/trayer.log")" \
            "Xvfb: $(cat "$work/xvfb.log")" >&2
        kill "$tray" "$xvfb" 2>/dev/null
        wait "$tray" "$xvfb" 2>/dev/null
        [ "$attempt" -lt 3 ] || fail "trayer did not start"
    done


    : >"$work/burnrate.conf"
    if [ "$extra" = budgets ]; then
        budget() { "$BURNRATE" budget add --db "$work/burnrate.sqlite" --config "$work/burnrate.conf" "$@" >/dev/null; }
        budget --name daily-fleet --limit 150 --period day
        budget --name monthly-all --limit 1500 --period month --forecast
        budget --name code-review-weekly --limit 450 --period week --scope agent=code-review
        budget --name support-daily --limit 40 --period day --scope agent=support-triage
    fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # The language as a user's session sets it: LANG alone.
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LC_NUMERIC -u LC_TIME -u LC_MONETARY LANG="$lang" \
        "$BURNRATE" --db "$work/burnrate.sqlite" --config "$work/burnrate.conf" --otlp-listen "127.0.0.1:$port" \
        --demo --demo-seed 7 >"$work/burnrate.log" 2>&1 &
    pids="$pids $!"
    main='' icon=''
    find_main() {
        main=$(xwininfo -root -children | awk '$2 == "\"Burnrate\":" && /\("burnrate" "burnrate"\)/ {print $1; exit}')
        [ -n "$main" ]
    }
    find_icon() { icon=$(xwininfo -tree -id "$panel" | awk '/\("burnrate" "burnrate"\)/ {print $1; exit}') && [ -n "$icon" ]; }
    wait_for 20 find_main || fail "the main window did not appear"
    wait_for 15 find_icon || fail "the tray icon did not appear"
    xdotool windowsize "$main" 1280 780 # the screen above the panel
    sleep "$WAIT"
    if [ "$extra" = budgets ]; then
        # The sidebar's entries, 40 px apart: Overview, Explore, Calls, Sessions, Budgets, Alerts, …
        xdotool mousemove --window "$main" 60 59 click 1
        sleep 2
        import -window "$main" "$OUT/explore.png"
        echo "wrote $OUT/explore.png"
        xdotool mousemove --window "$main" 60 179 click 1
        sleep 2
        import -window "$main" "$OUT/budgets.png"
        echo "wrote $OUT/budgets.png"
        xdotool mousemove --window "$main" 60 219 click 1
        sleep 1
        xdotool mousemove --window "$main" 600 141 click 1 # the newest alert, for the detail pane
        sleep 1
        import -window "$main" "$OUT/alerts.png"
        echo "wrote $OUT/alerts.png"
        exit 0
    fi
    import -window "$main" "$OUT/$name.png"
    echo "wrote $OUT/$name.png"
    [ "$extra" = tray ] || exit 0

    # The tooltip (hovering the icon), then the menu (a right click), each with the corner around it.
    xdotool mousemove --window "$icon" 10 9
    sleep 2
    import -window root "$work/tooltip.png"
    xdotool click 3
    sleep 1
    import -window root "$work/menu.png"
    xdotool key Escape
    convert "$work/tooltip.png" -crop 430x110+850+690 +repage "$work/tooltip-crop.png"
    convert "$work/menu.png" -crop 250x110+1030+690 +repage "$work/menu-crop.png"
    convert "$work/tooltip-crop.png" -size 12x110 xc:white "$work/menu-crop.png" +append "$OUT/tray.png"
    echo "wrote $OUT/tray.png"
)

shoot overview en_US.UTF-8 tray &
english=$!
shoot overview-de de_DE.UTF-8 &
german=$!
shoot budgets en_US.UTF-8 budgets &
budgets=$!
status=0
wait "$english" || status=1
wait "$german" || status=1
wait "$budgets" || status=1
[ "$status" -eq 0 ] || exit 1

# A blank capture (an unpainted window, a black screen) has next to no variation in its pixels.
for image in overview overview-de tray explore budgets alerts; do
    deviation=$(convert "$OUT/$image.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
    echo "$image.png: $(identify -format '%wx%h' "$OUT/$image.png"), standard deviation $deviation"
    awk -v d="$deviation" 'BEGIN { exit !(d > 0.05) }' || { echo "screenshots.sh: $image.png is blank" >&2; exit 1; }
done
