#!/usr/bin/env bash
# Builds ferry-base:latest without any registry: busybox + glibc from Debian packages and a
# jlink'ed Java runtime from the local JDK. Used as BASE_IMAGE by tests and CI; on a machine
# with registry access the Dockerfile's default (eclipse-temurin) is used instead.
#
# Skips the build when an image with the same JDK version and module list already exists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib/common.sh"

IMAGE=${FERRY_BASE_IMAGE:-ferry-base:latest}
# What the server needs (jdeps --print-module-deps on the server jar), plus jdk.crypto.ec for TLS later.
MODULES=java.base,java.desktop,java.sql,jdk.unsupported,jdk.crypto.ec
# Bump when the rootfs recipe changes, so existing images are rebuilt.
RECIPE=2

ferry_find_java jdk
JDK=$FERRY_JAVA_HOME
JDK_VERSION=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')

if [ "$(docker image inspect -f '{{ index .Config.Labels "ferry.jdk" }}|{{ index .Config.Labels "ferry.modules" }}|{{ index .Config.Labels "ferry.recipe" }}' "$IMAGE" 2>/dev/null || true)" \
     = "$JDK_VERSION|$MODULES|$RECIPE" ]; then
  echo "build-base-image: $IMAGE is up to date (JDK $JDK_VERSION)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs" "$work/debs"

echo "build-base-image: fetching libc6, libc-bin (for the C.UTF-8 locale) and busybox-static from Debian"
if ! (cd "$work/debs" && apt-get download -o APT::Sandbox::User=root libc6 libc-bin busybox-static >/dev/null 2>&1); then
  apt-get update >/dev/null
  (cd "$work/debs" && apt-get download -o APT::Sandbox::User=root libc6 libc-bin busybox-static >/dev/null)
fi
dpkg -x "$work"/debs/libc6_*.deb "$rootfs"
dpkg -x "$work"/debs/busybox-static_*.deb "$rootfs"
# Only the C.UTF-8 locale from libc-bin: without it the JVM decodes file names as ASCII.
dpkg -x "$work"/debs/libc-bin_*.deb "$work/libc-bin"
mkdir -p "$rootfs/usr/lib/locale"
cp -a "$work/libc-bin/usr/lib/locale/C.utf8" "$rootfs/usr/lib/locale/"
rm -rf "$rootfs"/usr/share/{doc,man,lintian,locale} "$rootfs"/usr/lib/x86_64-linux-gnu/gconv

mkdir -p "$rootfs"/{bin,usr/bin,usr/local/bin,etc,tmp,data,opt}
chmod 1777 "$rootfs/tmp"
busybox_bin=$rootfs/bin/busybox
for applet in $("$busybox_bin" --list); do
  [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
done

echo "build-base-image: jlink $MODULES from JDK $JDK_VERSION"
"$JDK/bin/jlink" --add-modules "$MODULES" --output "$rootfs/opt/java" \
  --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 >/dev/null

cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
ferry:x:10001:10001:Ferry server:/data:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
ferry:x:10001:
nogroup:x:65534:
GROUP
echo 'passwd: files' > "$rootfs/etc/nsswitch.conf"
echo 'group: files' >> "$rootfs/etc/nsswitch.conf"
echo 'hosts: files dns' >> "$rootfs/etc/nsswitch.conf"

tar --numeric-owner -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/opt/java/bin:/bin:/usr/bin' \
  -c 'ENV JAVA_HOME=/opt/java' \
  -c 'ENV LC_ALL=C.UTF-8' \
  -c "LABEL ferry.jdk=$JDK_VERSION" \
  -c "LABEL ferry.modules=$MODULES" \
  -c "LABEL ferry.recipe=$RECIPE" \
  - "$IMAGE" >/dev/null
echo "build-base-image: built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
