#!/usr/bin/env bash
# Fails when a user-visible string has no German translation: runs lupdate over every source into a
# scratch copy of each .ts file and counts messages that are unfinished (new or changed) or empty.
# usage: check_translations.sh <lupdate> <source-root> <ts-file>…
set -euo pipefail
LUPDATE=$1
ROOT=$2
shift 2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for ts in "$@"; do
    copy=$WORK/$(basename "$ts")
    cp "$ts" "$copy"
    "$LUPDATE" -silent -no-obsolete -locations none -extensions cpp,h "$ROOT/core" "$ROOT/widgets" "$ROOT/app" -ts "$copy"
    missing=$(python3 - "$copy" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for ctx in root.iter('context'):
    name = ctx.findtext('name')
    for msg in ctx.iter('message'):
        tr = msg.find('translation')
        forms = tr.findall('numerusform') if tr is not None else []
        empty = tr is None or (not (tr.text or '').strip() and not any((f.text or '').strip() for f in forms))
        if tr is None or tr.get('type') in ('unfinished', 'vanished', 'obsolete') or empty:
            print(f"{name}: {msg.findtext('source')!r}")
PY
)
    if [ -n "$missing" ]; then
        echo "$(basename "$ts"): $(printf '%s\n' "$missing" | wc -l) strings without a translation:"
        printf '%s\n' "$missing" | head -50
        status=1
    fi
done
[ $status -eq 0 ] && echo "translations complete"
exit $status
