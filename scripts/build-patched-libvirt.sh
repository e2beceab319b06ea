#!/bin/bash
# build-patched-libvirt.sh: build a patched libvirt 9.0.0 from Debian's source
# package and install it into a private prefix, next to the Debian libvirt, for
# `migsim real up --libvirtd PREFIX/sbin/libvirtd --virsh PREFIX/bin/virsh` (docs/real.md,
# "A designer's own build"). The default patch is migsim's strict port-range check in
# qemuMigrationCookieNBDXMLParse (scripts/patches/libvirt-9.0-nbd-port-strict.patch).
# Adapted from the colleague's build in /work/handoff/libvirt-build (REPORT.md there).
#
# Run as root on Debian 12 (bookworm). What it does:
#   1. adds a deb-src entry that mirrors the Debian `deb` entries (its own file)
#      and runs apt-get update;
#   2. `apt-get source libvirt=<version of the installed libvirt-daemon>` into SRC_DIR;
#   3. installs the few build dependencies a minimal build needs (only the missing ones);
#   4. applies the patch files (default: patches/libvirt-9.0-nbd-port-strict.patch);
#   5. meson setup with a minimal option set (QEMU driver + monolithic libvirtd +
#      virsh; no docs, no tests, no other hypervisor drivers), ninja under nice;
#   6. installs into PREFIX (binaries, libraries and driver modules only; the
#      configuration, state and runtime dirs stay Debian's /etc, /var and /run);
#   7. starts the installed libvirtd once in a private mount+network namespace with
#      a throwaway config, checks that virsh gets an answer from it with the QEMU
#      driver loaded, and stops it by PID (skip with --no-verify);
#   8. prints the paths and environment variables to hand to `migsim real up`.
# Every step is skipped when its result is already there, so the script can be
# run again (e.g. after editing the patch: only what the patch touches is rebuilt).
# Network use: apt only (Debian mirror). No libvirt source is copied anywhere but SRC_DIR.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEFAULT_PATCH="$SCRIPT_DIR/patches/libvirt-9.0-nbd-port-strict.patch"
MARKER=.libvirt-patched-prefix

usage() {
    cat <<EOF
usage: $0 [options] SRC_DIR PREFIX

  SRC_DIR   where \`apt-get source libvirt\` unpacks (created; must not be inside a git
            work tree). The tree is SRC_DIR/libvirt-9.0.0, the build dir .../build.
  PREFIX    private install prefix, e.g. /opt/libvirt-patched (created; must be empty
            or a prefix this script installed before, which it then replaces).

options:
  --patch FILE        apply FILE (unified diff, -p1); repeatable, applied in order.
                      Default when no --patch is given: $DEFAULT_PATCH
  --no-patch          build Debian's libvirt unpatched (a control build)
  --deb-version VER   Debian source version (default: the installed libvirt-daemon's
                      version if the mirror still has its source, else the newest)
  --jobs N            ninja -j N (default 2; the build runs under nice -n 19)
  --meson-opt OPT     extra option for meson setup (e.g. -Dreadline=enabled); repeatable
  --apt-sources FILE  the deb822 file whose deb entries the deb-src entry copies
                      (default /etc/apt/sources.list.d/debian.sources, else the
                      one-line /etc/apt/sources.list)
  --no-verify         do not start the installed daemon once to check it
  -h, --help          this text

example:
  $0 /work/build/libvirt-strict /opt/libvirt-strict
EOF
}

die() { echo "error: $*" >&2; exit 1; }
log() { echo "==> $*"; }

PATCHES=()
NO_PATCH=0
DEB_VERSION=""
JOBS=2
EXTRA_MESON=()
APT_SOURCES=""
VERIFY=1
POS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --patch) [ $# -ge 2 ] || die "--patch needs a file"; PATCHES+=("$2"); shift 2 ;;
        --no-patch) NO_PATCH=1; shift ;;
        --deb-version) [ $# -ge 2 ] || die "--deb-version needs a value"; DEB_VERSION=$2; shift 2 ;;
        --jobs|-j) [ $# -ge 2 ] || die "--jobs needs a number"; JOBS=$2; shift 2 ;;
        --meson-opt) [ $# -ge 2 ] || die "--meson-opt needs a value"; EXTRA_MESON+=("$2"); shift 2 ;;
        --apt-sources) [ $# -ge 2 ] || die "--apt-sources needs a file"; APT_SOURCES=$2; shift 2 ;;
        --no-verify) VERIFY=0; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; POS+=("$@"); break ;;
        -*) usage >&2; die "unknown option $1" ;;
        *) POS+=("$1"); shift ;;
    esac
done
[ ${#POS[@]} -eq 2 ] || { usage >&2; exit 2; }
SRC_DIR=${POS[0]}
PREFIX=${POS[1]%/}

[ "$(id -u)" = 0 ] || die "run as root (apt-get, install into $PREFIX, namespaces for the check)"
case "$JOBS" in ''|*[!0-9]*|0) die "--jobs wants a positive number" ;; esac
case "$PREFIX" in
    /*) ;; *) die "PREFIX must be an absolute path" ;;
esac
case "$PREFIX" in
    ""|/|/usr|/usr/local|/opt|/etc|/var|/run|/tmp|/root|/home|/bin|/sbin|/lib|/lib64)
        die "PREFIX must be a dedicated directory such as /opt/libvirt-patched, not $PREFIX" ;;
esac
if [ ${#PATCHES[@]} -eq 0 ] && [ $NO_PATCH = 0 ]; then PATCHES=("$DEFAULT_PATCH"); fi
[ $NO_PATCH = 1 ] && PATCHES=()
for i in "${!PATCHES[@]}"; do
    [ -f "${PATCHES[$i]}" ] || die "patch file ${PATCHES[$i]} not found"
    PATCHES[$i]=$(cd "$(dirname "${PATCHES[$i]}")" && pwd)/$(basename "${PATCHES[$i]}")
done
if [ -e "$PREFIX" ] && [ ! -e "$PREFIX/$MARKER" ] && [ -n "$(ls -A "$PREFIX" 2>/dev/null)" ]; then
    die "$PREFIX exists, is not empty and was not made by this script; choose another PREFIX"
fi

# Debian's tools, not a user's pyenv/venv python (meson and libvirt's build scripts use python3).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

mkdir -p "$SRC_DIR"
SRC_DIR=$(cd "$SRC_DIR" && pwd)
if command -v git >/dev/null && git -C "$SRC_DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    die "$SRC_DIR is inside a git work tree; put the libvirt source outside any repository"
fi
LOGS=$SRC_DIR/logs
mkdir -p "$LOGS"
TIMES=$LOGS/timings.txt
TIMEFORMAT='%R s wall, %U s user, %S s sys'

# run_logged NAME CMD...: run CMD with its output in $LOGS/NAME.log; time it into $TIMES.
run_logged() {
    local name=$1; shift
    local rc=0
    { time "$@" > "$LOGS/$name.log" 2>&1 ; } 2> "$LOGS/$name.time" || rc=$?
    if [ $rc -ne 0 ]; then
        tail -n 40 "$LOGS/$name.log" >&2
        die "$name failed (exit $rc); full log: $LOGS/$name.log"
    fi
    echo "$(date -u +%FT%TZ) $name: $(cat "$LOGS/$name.time")" >> "$TIMES"
    log "$name done: $(cat "$LOGS/$name.time")  (log: $LOGS/$name.log)"
}

# ---------------------------------------------------------------- 1. deb-src
srcver_available() { apt-cache showsrc libvirt 2>/dev/null | awk '/^Version:/{print $2}' | sort -u; }

write_deb_src() {
    local src=$APT_SOURCES
    if [ -z "$src" ]; then
        if [ -f /etc/apt/sources.list.d/debian.sources ]; then src=/etc/apt/sources.list.d/debian.sources
        elif [ -f /etc/apt/sources.list ]; then src=/etc/apt/sources.list
        else die "no Debian apt sources found; pass --apt-sources FILE"; fi
    fi
    local dest content
    case "$src" in
        *.sources)
            dest=/etc/apt/sources.list.d/debian-src.sources
            # deb822: copy every enabled stanza whose Types has "deb", as Types: deb-src.
            content=$(awk 'BEGIN { RS = ""; FS = "\n" }
                { types = ""; body = ""; enabled = 1
                  for (i = 1; i <= NF; i++) {
                      l = $i
                      if (l ~ /^[ \t]*#/) continue
                      if (l ~ /^Types:/) { types = l; continue }
                      if (l ~ /^Architectures:/) continue
                      if (l ~ /^Enabled:[ \t]*no/) enabled = 0
                      body = body l "\n"
                  }
                  if (enabled && types ~ /[: \t]deb([ \t]|$)/) printf "%sTypes: deb-src\n%s", (n++ ? "\n" : ""), body
                }' "$src") ;;
        *)
            dest=/etc/apt/sources.list.d/debian-src.list
            content=$(sed -n 's/^[ \t]*deb[ \t]/deb-src /p' "$src") ;;
    esac
    [ -n "$content" ] || die "no deb entries found in $src to copy as deb-src"
    if [ -f "$dest" ] && [ "$(cat "$dest")" = "$content" ]; then
        log "deb-src entry already in $dest"
        return 1
    fi
    printf '%s\n' "$content" > "$dest"
    log "wrote deb-src entry $dest (copied from $src)"
    return 0
}

# Nothing is touched when apt already knows libvirt's source (e.g. on a second run).
if [ -z "$(srcver_available)" ]; then
    write_deb_src || true
    run_logged apt-update apt-get update
fi
AVAILABLE=$(srcver_available)
[ -n "$AVAILABLE" ] || die "apt-cache showsrc libvirt finds nothing even after apt-get update"

if [ -z "$DEB_VERSION" ]; then
    INSTALLED=$(dpkg-query -W -f='${Version}' libvirt-daemon 2>/dev/null || true)
    if [ -n "$INSTALLED" ] && grep -qxF "$INSTALLED" <<<"$AVAILABLE"; then
        DEB_VERSION=$INSTALLED
    else
        for v in $AVAILABLE; do
            if [ -z "$DEB_VERSION" ] || dpkg --compare-versions "$v" gt "$DEB_VERSION"; then DEB_VERSION=$v; fi
        done
        [ -n "$INSTALLED" ] && echo "warning: the mirror has no source for the installed libvirt $INSTALLED; using $DEB_VERSION" >&2
    fi
fi
grep -qxF "$DEB_VERSION" <<<"$AVAILABLE" || die "libvirt source $DEB_VERSION not on the mirror (have: $(echo $AVAILABLE))"
UPSTREAM=${DEB_VERSION#*:}; UPSTREAM=${UPSTREAM%-*}
case "$UPSTREAM" in 9.0.0*) ;; *) echo "warning: libvirt $UPSTREAM is not 9.0.0; the patch and options were made for 9.0.0" >&2 ;; esac
TREE=$SRC_DIR/libvirt-$UPSTREAM
BUILD=$TREE/build
log "libvirt source $DEB_VERSION -> $TREE"

# ---------------------------------------------------------------- 3. build deps
# Everything meson asks for with the options below (required programs: perl, python3,
# xmllint, xsltproc, rpcgen; libraries: glib, gnutls, libxml2, libtirpc, yajl), plus
# dpkg-dev for apt-get source and iproute2 for the check. Only missing ones are installed
# (apt may still upgrade a library to match a -dev package's exact version).
DEPS=(dpkg-dev xz-utils gcc libc6-dev pkg-config meson ninja-build perl python3
      libxml2-utils xsltproc rpcsvc-proto
      libglib2.0-dev libgnutls28-dev libxml2-dev libtirpc-dev libyajl-dev
      util-linux iproute2)
MISSING=()
for p in "${DEPS[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" = installed ] || MISSING+=("$p")
done
if [ ${#MISSING[@]} -gt 0 ]; then
    log "installing build dependencies: ${MISSING[*]}"
    run_logged apt-install apt-get install -y --no-install-recommends "${MISSING[@]}"
    printf '%s\n' "${MISSING[@]}" >> "$LOGS/packages-installed.txt"
else
    log "build dependencies already installed"
fi

# ---------------------------------------------------------------- 2. apt-get source
if [ -f "$TREE/debian/changelog" ]; then
    HAVE=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$TREE/debian/changelog")
    [ "$HAVE" = "$DEB_VERSION" ] || die "$TREE holds libvirt $HAVE, not $DEB_VERSION; remove $SRC_DIR or pick another SRC_DIR"
    log "source tree already unpacked ($HAVE)"
else
    [ -e "$TREE" ] && die "$TREE exists but is not an unpacked Debian source; remove it"
    (cd "$SRC_DIR" && run_logged apt-source apt-get source "libvirt=$DEB_VERSION")
    [ -f "$TREE/debian/changelog" ] || die "apt-get source did not unpack into $TREE"
fi

# ---------------------------------------------------------------- 4. patches
# Applied patches are kept in $TREE/.patched-by-build-script/; if the wanted list differs,
# the old ones are reversed (newest first) and the new ones applied.
APPLIED=$TREE/.patched-by-build-script
mkdir -p "$APPLIED"
same=1
mapfile -t OLD < <(ls "$APPLIED" | sort)
if [ ${#OLD[@]} -ne ${#PATCHES[@]} ]; then same=0; else
    for i in "${!PATCHES[@]}"; do cmp -s "${PATCHES[$i]}" "$APPLIED/${OLD[$i]}" || same=0; done
fi
if [ $same = 1 ]; then
    log "patches already applied (${#PATCHES[@]})"
else
    for ((i = ${#OLD[@]} - 1; i >= 0; i--)); do
        log "reversing ${OLD[$i]}"
        (cd "$TREE" && patch -p1 -R --batch --quiet < "$APPLIED/${OLD[$i]}") || die "cannot reverse ${OLD[$i]}"
        rm -f "$APPLIED/${OLD[$i]}"
    done
    for i in "${!PATCHES[@]}"; do
        p=${PATCHES[$i]}
        (cd "$TREE" && patch -p1 --dry-run --batch --quiet < "$p" > /dev/null) \
            || die "$p does not apply to libvirt $DEB_VERSION (patch -p1 --dry-run in $TREE)"
        (cd "$TREE" && patch -p1 --batch < "$p")
        cp "$p" "$APPLIED/$(printf '%02d' $((i + 1)))-$(basename "$p")"
        log "applied $p"
    done
fi

# ---------------------------------------------------------------- 5. configure + build
# The package string libvirtd logs at start ("libvirt version: 9.0.0, package: ...").
VTAG=patched; [ ${#PATCHES[@]} -eq 0 ] && VTAG=unpatched
MESON_OPTS=(
    --buildtype=debugoptimized
    --prefix="$PREFIX" --libdir=lib
    # Debian's config/state/runtime dirs, as the stock daemon: /etc/libvirt, /var/lib/libvirt,
    # /var/cache/libvirt, /var/log/libvirt, /run/libvirt (namespaced bind mounts apply as is).
    --sysconfdir=/etc --localstatedir=/var -Drunstatedir=/run
    -Dpackager=migsim "-Dpackager_version=$DEB_VERSION+$VTAG"
    -Ddocs=disabled -Dtests=disabled -Dexpensive_tests=disabled
    -Drpath=enabled -Dinit_script=none
    -Ddriver_libvirtd=enabled -Ddriver_qemu=enabled -Ddriver_remote=enabled
    -Dremote_default_mode=legacy -Dyajl=enabled
    # as Debian's build
    -Dqemu_user=libvirt-qemu -Dqemu_group=libvirt-qemu
    -Dqemu_moddir=/usr/lib/x86_64-linux-gnu/qemu -Dqemu_datadir=/usr/share/qemu
    -Dstorage_dir=enabled
    -Ddriver_bhyve=disabled -Ddriver_ch=disabled -Ddriver_esx=disabled -Ddriver_hyperv=disabled
    -Ddriver_interface=disabled -Ddriver_libxl=disabled -Ddriver_lxc=disabled
    -Ddriver_network=disabled -Ddriver_openvz=disabled -Ddriver_secrets=disabled
    -Ddriver_test=disabled -Ddriver_vbox=disabled -Ddriver_vmware=disabled -Ddriver_vz=disabled
    -Dstorage_disk=disabled -Dstorage_fs=disabled -Dstorage_gluster=disabled
    -Dstorage_iscsi=disabled -Dstorage_iscsi_direct=disabled -Dstorage_lvm=disabled
    -Dstorage_mpath=disabled -Dstorage_rbd=disabled -Dstorage_scsi=disabled
    -Dstorage_vstorage=disabled -Dstorage_zfs=disabled
    -Dapparmor=disabled -Dsecdriver_apparmor=disabled -Dapparmor_profiles=disabled
    -Dselinux=disabled -Dsecdriver_selinux=disabled
    -Dattr=disabled -Daudit=disabled -Dbash_completion=disabled -Dblkid=disabled
    -Dcapng=disabled -Dcurl=disabled -Dfuse=disabled -Dglusterfs=disabled -Dlibiscsi=disabled
    -Dlibnl=disabled -Dlibpcap=disabled -Dlibssh=disabled -Dlibssh2=disabled -Dnetcf=disabled
    -Dnls=disabled -Dnumactl=disabled -Dnumad=disabled -Dopenwsman=disabled -Dpciaccess=disabled
    -Dpolkit=disabled -Dreadline=disabled -Dsanlock=disabled -Dsasl=disabled -Dudev=disabled
    -Dwireshark_dissector=disabled -Ddtrace=disabled -Dfirewalld=disabled -Dfirewalld_zone=disabled
    -Dhost_validate=disabled -Dlogin_shell=disabled -Dnss=disabled -Dpm_utils=disabled
    -Dsysctl_config=disabled
)
# (bash drops the comment lines inside the array)
MESON_OPTS+=("${EXTRA_MESON[@]}")
printf '%s\n' "${MESON_OPTS[@]}" > "$LOGS/meson-options.txt"

if [ -f "$BUILD/build.ninja" ]; then
    if cmp -s "$LOGS/meson-options.txt" "$BUILD/.options-by-build-script"; then
        log "build dir already configured with these options"
    else
        log "reconfiguring $BUILD"
        (cd "$TREE" && run_logged meson-setup nice -n 19 meson setup --reconfigure build "${MESON_OPTS[@]}")
    fi
else
    log "configuring $BUILD (meson setup)"
    (cd "$TREE" && run_logged meson-setup nice -n 19 meson setup build "${MESON_OPTS[@]}")
fi
cp "$LOGS/meson-options.txt" "$BUILD/.options-by-build-script"

log "building (nice -n 19 ninja -j $JOBS)"
run_logged ninja-build nice -n 19 ninja -C "$BUILD" -j "$JOBS"

# ---------------------------------------------------------------- 6. install
# meson would also write /etc/libvirt, /var and /run (sysconfdir etc. are Debian's); so it
# installs into a staging dir and only the PREFIX part is copied. The default config files
# it made are kept for reference in PREFIX/share/libvirt-patched/etc-defaults.
STAGE=$SRC_DIR/stage
rm -rf "$STAGE"
run_logged meson-install env DESTDIR="$STAGE" nice -n 19 meson install -C "$BUILD" --no-rebuild
[ -x "$STAGE$PREFIX/sbin/libvirtd" ] || die "staged install has no $PREFIX/sbin/libvirtd"
rm -rf "$PREFIX"
mkdir -p "$(dirname "$PREFIX")"
cp -a "$STAGE$PREFIX" "$PREFIX"
mkdir -p "$PREFIX/share/libvirt-patched"
[ -d "$STAGE/etc" ] && cp -a "$STAGE/etc" "$PREFIX/share/libvirt-patched/etc-defaults"
rm -rf "$STAGE"
touch "$PREFIX/$MARKER"

LIBVIRTD=$PREFIX/sbin/libvirtd
VIRSH=$PREFIX/bin/virsh
MODDIR=$PREFIX/lib/libvirt/connection-driver
ENVFILE=$PREFIX/share/libvirt-patched/env.sh
cat > "$ENVFILE" <<EOF
# Paths of the patched libvirt in $PREFIX (source this file).
# The module dirs and helper daemons below are also this build's compiled-in defaults,
# so libvirtd finds them without these variables; exporting them makes that explicit.
LIBVIRTD=$LIBVIRTD
VIRSH=$VIRSH
export LIBVIRT_DRIVER_DIR=$MODDIR
export LIBVIRT_STORAGE_BACKEND_DIR=$PREFIX/lib/libvirt/storage-backend
export LIBVIRT_STORAGE_FILE_DIR=$PREFIX/lib/libvirt/storage-file
export LIBVIRT_LOCK_MANAGER_PLUGIN_DIR=$PREFIX/lib/libvirt/lock-driver
export VIRTLOGD_PATH=$PREFIX/sbin/virtlogd
export VIRTLOCKD_PATH=$PREFIX/sbin/virtlockd
EOF
{
    echo "libvirt $DEB_VERSION (Debian source), built $(date -u +%FT%TZ)"
    echo "source tree: $TREE"
    echo "patches:"; for f in "$APPLIED"/*; do [ -e "$f" ] && sha256sum "$f"; done
    echo "meson options:"; sed 's/^/  /' "$LOGS/meson-options.txt"
} > "$PREFIX/share/libvirt-patched/BUILD-INFO"
log "installed into $PREFIX ($(du -sh "$PREFIX" | cut -f1))"

# ---------------------------------------------------------------- 7. check
verify() {
    local T U="" L="" ok=0 i S
    T=$(mktemp -d /tmp/libvirt-patched-check.XXXXXX)
    # shellcheck disable=SC2329
    cleanup_verify() {
        if [ -n "$L" ] && kill -0 "$L" 2>/dev/null; then kill "$L" 2>/dev/null || true; sleep 2; kill -9 "$L" 2>/dev/null || true; fi
        if [ -n "$U" ] && kill -0 "$U" 2>/dev/null; then kill "$U" 2>/dev/null || true; fi
        [ -n "$U" ] && wait "$U" 2>/dev/null || true
    }
    trap cleanup_verify EXIT
    mkdir -p "$T/etc" "$T/run" "$T/varlib/libvirt/qemu" "$T/varcache/libvirt" "$T/varlog/libvirt/qemu" "$T/sock"
    cp /etc/passwd /etc/group "$T/"
    # libvirtd (privileged) looks up the build's qemu user before reading qemu.conf
    getent passwd libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin' >> "$T/passwd"
    getent group libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:' >> "$T/group"
    cat > "$T/etc/libvirtd.conf" <<EOF
host_uuid = "5b2ad0c1-7e55-4a6f-9a0e-2c4d0e1f9a01"
unix_sock_dir = "$T/sock"
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "3:file:$T/libvirtd.log"
EOF
    cat > "$T/etc/qemu.conf" <<'EOF'
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
EOF
    cat > "$T/inner.sh" <<'EOF'
#!/bin/sh
# runs inside: unshare --mount --net --fork (mounts are private to this namespace)
set -e
T=$1; LIBVIRTD=$2
mount --bind "$T/run" /run
mount --bind "$T/varlib" /var/lib
mount --bind "$T/varcache" /var/cache
mount --bind "$T/varlog" /var/log
mkdir -p /etc/libvirt 2>/dev/null || true
mount --bind "$T/etc" /etc/libvirt
mount --bind "$T/passwd" /etc/passwd
mount --bind "$T/group" /etc/group
ip link set lo up 2>/dev/null || true
exec "$LIBVIRTD" -f /etc/libvirt/libvirtd.conf -p "$T/libvirtd.pid"
EOF
    chmod +x "$T/inner.sh"
    log "check: starting $LIBVIRTD in a private mount+net namespace (config in $T)"
    # shellcheck disable=SC1090
    ( . "$ENVFILE"; exec unshare --mount --net --fork "$T/inner.sh" "$T" "$LIBVIRTD" ) > "$T/daemon.out" 2>&1 < /dev/null &
    U=$!
    S="qemu+unix:///system?socket=$T/sock/libvirt-sock"
    for i in $(seq 120); do
        if [ -S "$T/sock/libvirt-sock" ] && "$VIRSH" -c "$S" version --daemon > "$T/version.txt" 2>&1; then ok=1; break; fi
        kill -0 "$U" 2>/dev/null || break
        sleep 0.5
    done
    L=$(cat "$T/libvirtd.pid" 2>/dev/null || true)
    if [ $ok = 1 ]; then
        "$VIRSH" -c "$S" capabilities > "$T/capabilities.xml" 2>&1 || ok=0
        grep -q "<domain type='qemu'" "$T/capabilities.xml" || ok=0
        grep -qF "$MODDIR/libvirt_driver_qemu.so" "/proc/$L/maps" || ok=0
    fi
    if [ $ok = 1 ]; then
        sed 's/^/    /' "$T/version.txt"
        echo "    daemon pid $L: $(readlink "/proc/$L/exe"), QEMU driver from $MODDIR/libvirt_driver_qemu.so"
        grep -m1 'libvirt version' "$T/libvirtd.log" | sed 's/^.*info : /    log: /' || true
    fi
    if [ -n "$L" ] && kill -0 "$L" 2>/dev/null; then
        kill "$L"
        for i in $(seq 30); do kill -0 "$L" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$L" 2>/dev/null && kill -9 "$L"
    fi
    wait "$U" 2>/dev/null || true
    U=""; L=""
    trap - EXIT
    if [ $ok = 1 ]; then
        log "check passed; daemon stopped"
        rm -rf "$T"
    else
        cat "$T/daemon.out" "$T/version.txt" 2>/dev/null | tail -n 20 >&2
        die "check failed: the installed libvirtd did not answer with the QEMU driver; see $T"
    fi
}
[ $VERIFY = 1 ] && verify

# ---------------------------------------------------------------- 8. hand-over
cat <<EOF

Patched libvirt $DEB_VERSION installed in $PREFIX
  libvirtd:    $LIBVIRTD
  virsh:       $VIRSH
  module dir:  $MODDIR   (libvirt_driver_qemu.so; env LIBVIRT_DRIVER_DIR)

  migsim real up --libvirtd $LIBVIRTD --virsh $VIRSH

Environment (optional, these are the build's defaults too): source $ENVFILE
$(grep '^export' "$ENVFILE" | sed 's/^/  /')
Fixed at build time (no env var in 9.0.0): config /etc/libvirt, state /var/lib/libvirt,
/var/cache/libvirt, /var/log/libvirt, runtime /run/libvirt (as Debian's daemon), cpu_map
and schemas in $PREFIX/share/libvirt, helpers in $PREFIX/libexec.
Timings: $TIMES
EOF
