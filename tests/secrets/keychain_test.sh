#!/usr/bin/env bash
# The keychain SecretStore against a real gnome-keyring. tst_keychain runs on a private D-Bus session
# (dbus-run-session) with HOME and every XDG directory in a scratch directory, once per scenario:
#   unlocked      gnome-keyring-daemon --unlock: round trips, checked with secret-tool and a clear-text scan
#   locked        a keyring created with a password, reopened without it (no display, so no unlock prompt)
#   nocollection  gnome-keyring started by D-Bus activation, with no keyring to store into
#   nokeyring     a session bus that cannot start any service
# Works as root and as a normal user; stops every daemon it started and removes its scratch directory.
# usage: keychain_test.sh <tst_keychain>
set -euo pipefail

# Second stage, on the private bus: keychain_test.sh --inside <scenario> <tst_keychain>
if [ "${1:-}" = --inside ]; then
    scenario=$2
    test=$3
    daemon=
    secrets_owner() {
        dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
            awk '{print $2}'
    }
    stop_daemon() {
        # The daemon started here, or the one the bus started on demand.
        local pid=${daemon:-$(secrets_owner)}
        daemon=
        [ -n "$pid" ] || return 0
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || return 0
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    }
    trap stop_daemon EXIT
    # start_daemon [password]: without a password the login keyring stays locked.
    start_daemon() {
        if [ $# -gt 0 ]; then
            printf '%s' "$1" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
        else
            gnome-keyring-daemon --foreground --components=secrets </dev/null >/dev/null &
        fi
        daemon=$!
        for _ in $(seq 100); do
            if [ -n "$(secrets_owner)" ]; then
                return 0
            fi
            kill -0 "$daemon" 2>/dev/null || break
            sleep 0.1
        done
        echo "keychain_test: gnome-keyring-daemon did not take the Secret Service name" >&2
        return 1
    }
    run() {
        echo "-- tst_keychain, scenario $1"
        BURNRATE_KEYCHAIN_SCENARIO=$1 "$test"
    }
    case $scenario in
    unlocked)
        start_daemon keychain-test-password
        run unlocked
        ;;
    locked)
        start_daemon keychain-test-password
        run seed
        stop_daemon
        start_daemon
        run locked
        ;;
    nocollection | nokeyring)
        run "$scenario"
        ;;
    esac
    exit 0
fi

TEST=$(realpath "$1")
SELF=$(realpath "$0")
for tool in dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
    command -v "$tool" >/dev/null ||
        { echo "keychain_test: $tool is missing (Debian packages dbus, gnome-keyring, libsecret-tools)"; exit 1; }
done

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# The session configuration without service directories: nothing on this bus can start a keyring.
cat >"$SCRATCH/no-services.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

status=0
for scenario in unlocked locked nocollection nokeyring; do
    home=$SCRATCH/$scenario
    mkdir -m 700 "$home" "$home/data" "$home/config" "$home/cache" "$home/run"
    bus=()
    [ "$scenario" = nokeyring ] && bus=(--config-file="$SCRATCH/no-services.conf")
    echo "== $scenario"
    # No display: a keyring prompt must fail, not wait for a user. No inherited bus, keyring or secrets.
    env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
        -u BURNRATE_OTLP_TOKEN -u BURNRATE_OPENAI_ADMIN_KEY -u BURNRATE_ANTHROPIC_ADMIN_KEY \
        -u BURNRATE_OPENROUTER_KEY \
        HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
        XDG_RUNTIME_DIR="$home/run" QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8 \
        dbus-run-session "${bus[@]}" -- "$SELF" --inside "$scenario" "$TEST" || status=1
done
[ $status -eq 0 ] && echo "keychain round trips ok"
exit $status
