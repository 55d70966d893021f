#!/usr/bin/env bash
# The Debian package: scripts/package.sh builds attestfs_<version>_amd64.deb (or $ATTESTFS_DEB
# names one); its file list and control fields are checked, then (as root) it is installed with
# dpkg -i, /usr/bin/attestfs --version runs, a key-signed model is mounted with
# `mount -t attestfs` through the installed /sbin/mount.attestfs, and dpkg -r removes it again.
# The package is removed on every exit path (trap), and nothing is installed when an attestfs
# binary or mount helper is already on the system (another test's helper, a real install):
# the build tree's tests never run against an installed copy.
source "$(dirname "$0")/lib.sh"
command -v dpkg-deb >/dev/null || { echo "SKIP: dpkg-deb not installed"; exit 0; }
SRC=$ATTESTFS_SOURCE_DIR
if [ -n "${ATTESTFS_DEB:-}" ]; then
  DEB=$ATTESTFS_DEB
else
  # The build directory the test runs from (ctest sets ATTESTFS_BINARY_DIR), else ./build.
  DEB=$(ATTESTFS_BUILD_DIR=${ATTESTFS_BINARY_DIR:-$SRC/build} "$SRC/scripts/package.sh" 2>"$T/package.log") || { cat "$T/package.log"; bad "scripts/package.sh"; finish; exit 1; }
fi
VERSION=$("$ATTESTFS" --version | awk '{print $2}')
[ "$(basename "$DEB")" = "attestfs_${VERSION}_amd64.deb" ] && ok "package named attestfs_${VERSION}_amd64.deb" || bad "package name $(basename "$DEB")"

dpkg-deb --contents "$DEB" > "$T/contents"
for f in ./usr/bin/attestfs ./usr/share/attestfs/trusted_root.json \
  ./usr/share/man/man1/attestfs.1 ./usr/share/man/man5/attestfs-policy.5 \
  ./usr/share/man/man5/attestfs-admission.5 ./usr/share/man/man7/attestfs.7 \
  ./usr/share/man/man8/mount.attestfs.8; do
  grep -q " $f\$" "$T/contents" && ok "contains $f" || bad "missing $f"
done
grep -q ' ./sbin/mount.attestfs -> /usr/bin/attestfs$' "$T/contents" && ok "contains /sbin/mount.attestfs -> /usr/bin/attestfs" || bad "no mount helper symlink"
grep -Eq ' ./usr/(local|lib/debug)|/build|/tmp' "$T/contents" && bad "stray paths in the package" || ok "no stray paths"

field() { dpkg-deb -f "$DEB" "$1"; }
[ "$(field Package)" = attestfs ] && ok "Package: attestfs" || bad "Package: $(field Package)"
[ "$(field Version)" = "$VERSION" ] && ok "Version: $VERSION" || bad "Version: $(field Version)"
[ "$(field Architecture)" = amd64 ] && ok "Architecture: amd64" || bad "Architecture: $(field Architecture)"
DEPENDS=$(field Depends)
echo "  Depends: $DEPENDS"
for lib in libc6 'libstdc\+\+6' libfuse3- libcurl libssl3 libgit2- libarchive13 libyaml-cpp libre2- 'libgrpc\+\+' libprotobuf; do
  echo "$DEPENDS" | grep -Eq "(^|, )$lib" && ok "Depends names $lib" || bad "Depends lacks $lib"
done
[ -n "$(field Description)" ] && ok "Description set" || bad "no Description"

if [ "$(id -u)" -ne 0 ]; then echo "note: not root: install checks skipped"; finish; exit $?; fi
if dpkg -s attestfs >/dev/null 2>&1 || [ -e /usr/bin/attestfs ] || [ -e /sbin/mount.attestfs ]; then
  echo "note: attestfs or /sbin/mount.attestfs already present on this system (another test or an install); install checks skipped"
  finish; exit $?
fi
# Registered before the install: removed however the script ends.
CLEANUP+=("umount -l $T/mnt" "dpkg -r attestfs")
expect_rc 0 "dpkg -i installs the package" -- dpkg -i "$DEB"
expect_rc 0 "/usr/bin/attestfs --version" -- /usr/bin/attestfs --version
expect_out "^attestfs $VERSION" "the installed binary reports $VERSION"
[ "$(readlink /sbin/mount.attestfs)" = /usr/bin/attestfs ] && ok "/sbin/mount.attestfs points at /usr/bin/attestfs" || bad "mount helper link: $(readlink /sbin/mount.attestfs)"
[ -s /usr/share/attestfs/trusted_root.json ] && ok "trust root installed" || bad "no trust root"

if [ -e /dev/fuse ]; then
  make_model "$T/m" --weights-mib 3 --small-files 2
  /usr/bin/attestfs keygen --out "$T/k" >/dev/null
  expect_rc 0 "installed binary signs the model" -- /usr/bin/attestfs bom "dir:$T/m" -o attest --key "$T/k.key" --store "$T/store"
  mkdir -p "$T/mnt"
  expect_rc 0 "mount -t attestfs through the installed helper" -- timeout 60 mount -t attestfs "$T/m" "$T/mnt" -o "key=$T/k.pub,store=$T/store"
  cmp -s "$T/m/model.safetensors" "$T/mnt/model.safetensors" && ok "the mount serves the verified weights" || bad "mounted content differs"
  grep -q " $T/mnt fuse.attestfs " /proc/self/mounts && ok "mounted as fuse.attestfs" || bad "not in /proc/self/mounts"
  umount "$T/mnt" || umount -l "$T/mnt"
else
  echo "note: no /dev/fuse: mount check skipped"
fi

expect_rc 0 "dpkg -r removes the package" -- dpkg -r attestfs
[ ! -e /usr/bin/attestfs ] && [ ! -e /sbin/mount.attestfs ] && [ ! -e /usr/share/attestfs/trusted_root.json ] && ok "nothing left behind" || bad "files left after dpkg -r"
finish
