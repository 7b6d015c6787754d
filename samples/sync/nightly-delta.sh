#!/bin/sh
# Nightly deltas (connected side): build tonight's bundle of SPEC against the
# newest site receipt in RECEIPTS (what `airlock-load receipt` wrote at the
# site and the site sent back), and name it <name>-<version>-<YYYYMMDD>.airlock
# in OUT. With no receipt yet it builds a full bundle, and says so.
#
#   nightly-delta.sh SPEC RECEIPTS OUT KEY [-- CREATE-FLAGS...]
#
# CREATE-FLAGS go to `airlock-build create` as they are (--authfile F,
# --cert-dir D, --mirror ..., --platform ...); --split is not supported here.
# The newest receipt is the *.json file in RECEIPTS modified last. The bundle
# is built in a temporary folder inside OUT and renamed into place, so OUT
# never holds a partial bundle; a bundle of the same name (a second run the
# same day) is replaced. The receipt is an input, not a trust root: a wrong
# one only makes a delta that the site refuses.
#
# Environment: AIRLOCK_BUILD (default: airlock-build on PATH), EXPIRES
# (validity of the signature, default 180d), NIGHTLY_DATE (YYYYMMDD, default
# today in UTC). Exit status: 0 written, 2 usage, otherwise airlock-build's.
set -eu

me=nightly-delta
usage() {
    echo "usage: $me SPEC RECEIPTS OUT KEY [-- CREATE-FLAGS...]" >&2
    exit 2
}
die_usage() {
    echo "$me: error: $*" >&2
    exit 2
}

[ "$#" -ge 4 ] || usage
spec=$1 receipts=$2 out=$3 key=$4
shift 4
if [ "$#" -gt 0 ]; then
    [ "$1" = "--" ] || usage
    shift
fi
for flag in "$@"; do
    case $flag in
    -o | --output | --output=* | --split | --split=* | --base | --base=*)
        die_usage "$flag is set by this script" ;;
    esac
done

build=${AIRLOCK_BUILD:-airlock-build}
expires=${EXPIRES:-180d}
date=${NIGHTLY_DATE:-$(date -u +%Y%m%d)}
case $date in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
*) die_usage "NIGHTLY_DATE '$date' is not YYYYMMDD" ;;
esac
readable_file() {
    [ -f "$1" ] && [ -r "$1" ]
}
readable_file "$spec" || die_usage "spec $spec is not a readable file"
[ -d "$receipts" ] || die_usage "receipts folder $receipts does not exist"
readable_file "$key" || die_usage "key $key is not a readable file"
command -v "$build" >/dev/null 2>&1 || die_usage "$build not found (set AIRLOCK_BUILD)"
mkdir -p "$out"

# The newest receipt: the *.json modified last (find -newer: test -nt is not POSIX).
receipt=
for f in "$receipts"/*.json; do
    [ -f "$f" ] || continue
    if [ -z "$receipt" ] || [ -n "$(find "$f" -prune -newer "$receipt")" ]; then
        receipt=$f
    fi
done

tmp=$(mktemp -d "$out/.nightly-delta.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

if [ -n "$receipt" ]; then
    echo "$me: building a delta against the receipt $receipt" >&2
    set -- --base "$receipt" "$@"
else
    echo "$me: no receipt in $receipts (*.json): building a full bundle" >&2
fi
"$build" create "$spec" -o "$tmp/bundle.airlock" --key "$key" --expires "$expires" "$@" >&2

# Name and version as the signed BOM says them, not as the spec was read here.
info=$("$build" inspect "$tmp/bundle.airlock" |
    sed -n 's/^Bundle: *\([^ /]\{1,\}\) \([^ /]\{1,\}\) .*/\1 \2/p')
name=${info%% *} version=${info#* }
if [ -z "$info" ] || [ "$name $version" != "$info" ]; then
    echo "$me: error: cannot read the bundle's name and version (airlock-build inspect)" >&2
    exit 1
fi
final=$out/$name-$version-$date.airlock
mv -f "$tmp/bundle.airlock" "$final"
echo "$final"
echo "$me: wrote $final ($([ -n "$receipt" ] && echo "delta against $receipt" || echo full))" >&2
