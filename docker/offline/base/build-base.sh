#!/usr/bin/env bash
# Build the offline base image: a minimal Debian bookworm root filesystem made with debootstrap
# and imported into Docker. Every offline service image starts FROM it and installs its own
# packages with apt-get, so this stays as small as Debian allows (minbase + ca-certificates).
#
# Usage: build-base.sh TAG [LABEL=VALUE ...]
#
# The Debian mirror is never written down here: it is read at run time from the host's
# /etc/apt/sources.list.d/*.sources, and the host's debian.sources is copied into the image so
# apt-get inside image builds uses the same mirror (main, bookworm-updates, bookworm-security).
set -euo pipefail

log() { printf '[base] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -ge 1 ] || die "usage: $0 TAG [LABEL=VALUE ...]"
tag=$1; shift
for label in "$@"; do
  [[ $label == ?*=* ]] || die "label '$label' is not KEY=VALUE"
done

[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
command -v docker >/dev/null || die "docker CLI not found"

suite=bookworm
sources_dir=/etc/apt/sources.list.d
host_sources=$sources_dir/debian.sources

# The first URIs: of a deb822 stanza whose Suites: lists exactly "bookworm" (this skips the
# bookworm-security stanza, which points at a different archive).
mirror=$(awk -v suite="$suite" '
  BEGIN { RS = ""; FS = "\n" }              # one record per stanza
  {
    uris = ""; ok = 0
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^URIs:/ && uris == "") { split(substr($i, 6), u, " "); uris = u[1] }
      if ($i ~ /^Suites:/) { n = split(substr($i, 8), s, " "); for (j = 1; j <= n; j++) if (s[j] == suite) ok = 1 }
    }
    if (ok && uris != "") { print uris; exit }
  }' "$sources_dir"/*.sources 2>/dev/null || true)
[ -n "$mirror" ] || die "no deb822 stanza with Suites: $suite in $sources_dir/*.sources"
[ -f "$host_sources" ] || die "$host_sources not found (it is copied into the image)"

started=$SECONDS
work=$(mktemp -d /var/tmp/backend-lab-base.XXXXXX)
rootfs=$work/rootfs
cleanup() {
  # debootstrap may leave /proc, /sys or /dev/pts mounted inside the target when it fails:
  # unmount them (deepest first) before deleting, and never cross into another filesystem.
  awk -v r="$work" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP   # make the EXIT trap run on signals too

log "debootstrap --variant=minbase $suite into $rootfs (mirror from $sources_dir)"
if ! debootstrap --variant=minbase --include=ca-certificates "$suite" "$rootfs" "$mirror" \
     >"$work/debootstrap.log" 2>&1; then
  tail -n 20 "$work/debootstrap.log" >&2
  die "debootstrap failed"
fi

log "configuring apt and trimming the root filesystem"
# Same mirror and suites as the host; drop comments so only the stanzas themselves travel.
rm -f "$rootfs/etc/apt/sources.list"
grep -v '^[[:space:]]*#' "$host_sources" > "$rootfs/etc/apt/sources.list.d/debian.sources"
# Refuse anything that is not a Debian archive signed by Debian's keyring (e.g. a vendor repo).
if grep -q '^Signed-By:' "$rootfs/etc/apt/sources.list.d/debian.sources" &&
   grep '^Signed-By:' "$rootfs/etc/apt/sources.list.d/debian.sources" | grep -vq 'debian-archive-keyring'; then
  die "$host_sources has a stanza not signed by debian-archive-keyring"
fi
for f in "$rootfs"/etc/apt/sources.list.d/*; do
  [ "${f##*/}" = debian.sources ] || die "unexpected apt source in the root filesystem: ${f##*/}"
done

# What the official debian:*-slim images do, so image builds stay small and never start daemons:
# - no init scripts during package installs (there is no init in a container),
# - apt removes downloaded .debs after each install and never fetches translations,
# - dpkg skips documentation, man pages and message catalogs.
printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
CONF
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
CONF
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$rootfs"/usr/share/{man,groff,info,lintian,locale}/* \
       "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
       "$rootfs"/tmp/* "$rootfs"/var/tmp/*
find "$rootfs/var/log" -type f -delete   # debootstrap's logs; the directories stay for apt/dpkg
mkdir -p "$rootfs/var/lib/apt/lists/partial"
# The container gets these from Docker; stale host values must not leak into the image.
: > "$rootfs/etc/hostname"
rm -f "$rootfs/etc/resolv.conf"

changes=(
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'CMD ["/bin/bash"]'
)
for label in "$@"; do
  value=${label#*=}
  value=${value//\\/\\\\}; value=${value//\"/\\\"}   # the value goes inside "..." in a Dockerfile LABEL
  changes+=(--change "LABEL ${label%%=*}=\"$value\"")
done

log "importing as $tag"
tar --numeric-owner -C "$rootfs" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
log "done: $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1/1e6}')) in $((SECONDS - started)) s"
