#!/bin/bash
# Builds the container image from a prepared build context and saves it as an archive that docker load and
# podman load accept. Called by the Maven profile `container` (mvn -B -ntp -Pcontainer verify), which prepares the
# context first; see docs/container.md.
#
#   build-image.sh <Containerfile> <context folder> <base image> <image name> <archive>
#
# Needs podman: installed with apt-get when missing. The base image is used from podman's storage, else pulled,
# else (where no registry is reachable, Debian's mirrors are) made from Debian's packages with debootstrap for a
# debian:<suite>-slim name. Runs podman as root (with sudo -n when not root), so that the image test, which needs
# root to run the image's file system, finds the same image.
set -euo pipefail

if [ $# -ne 5 ]; then
    echo "usage: $0 <Containerfile> <context folder> <base image> <image name> <archive>" >&2
    exit 2
fi
containerfile=$1 context=$2 base=$3 image=$4 archive=$5

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo -n)
fi

install_missing() {
    local missing=()
    for tool in "$@"; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing ${missing[*]} with apt-get"
        "${as_root[@]}" apt-get update -qq
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# debian:bookworm-slim from Debian's own packages: a minimal system, trimmed as Debian's slim images are (no
# documentation, manual pages, translations or package lists), imported under the base's usual name.
debootstrap_base() {
    local suite=$1 name=$2 rootfs
    install_missing debootstrap
    rootfs=$(mktemp -d "${TMPDIR:-/tmp}/ml-service-base.XXXXXX")
    # shellcheck disable=SC2064 # the folder's name is fixed now
    trap "${as_root[*]} rm -rf '$rootfs'" EXIT
    echo "Making $name from Debian's packages with debootstrap (a few minutes, once)"
    "${as_root[@]}" debootstrap --variant=minbase "$suite" "$rootfs/root" http://deb.debian.org/debian >/dev/null
    "${as_root[@]}" sh -c "
        cd '$rootfs/root'
        rm -rf var/cache/apt/*.bin var/cache/apt/archives/*.deb var/lib/apt/lists/* var/log/*.log \
            usr/share/man/* usr/share/info/* usr/share/lintian usr/share/locale/*
        find usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
        find usr/share/doc -mindepth 1 -type d -empty -delete
        printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
            'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
            > etc/dpkg/dpkg.cfg.d/slim"
    "${as_root[@]}" tar -C "$rootfs/root" -c . | "${as_root[@]}" podman import \
        --change 'CMD ["bash"]' - "$name" >/dev/null
}

# Docker's reading of a name without a registry: debian:bookworm-slim is docker.io/library/debian:bookworm-slim.
# Saved under that name, the image is "ml-service:latest" once docker load has read it, not "localhost/...".
qualified() {
    local first=${1%%/*}
    if [[ $1 == */* && ( $first == *.* || $first == *:* || $first == localhost ) ]]; then
        echo "$1"
    elif [[ $1 == */* ]]; then
        echo "docker.io/$1"
    else
        echo "docker.io/library/$1"
    fi
}

install_missing podman
if ! "${as_root[@]}" podman image exists "$base"; then
    if ! "${as_root[@]}" podman pull -q "$(qualified "$base")" 2>/dev/null; then
        if [[ $base =~ ^(docker\.io/(library/)?)?debian:([a-z]+)-slim$ ]]; then
            # under its full name, which the short name in FROM resolves to
            debootstrap_base "${BASH_REMATCH[3]}" "docker.io/library/debian:${BASH_REMATCH[3]}-slim"
        else
            echo "error: the base image $base is neither in podman's storage nor pullable" >&2
            exit 1
        fi
    fi
fi

image_id() {
    "${as_root[@]}" podman image inspect --format '{{.Id}}' "$(qualified "$image")" 2>/dev/null || true
}

previous=$(image_id)
# chroot isolation: RUN steps need no container runtime (which some sandboxes refuse) and no user namespaces.
# Docker's image format, since the OCI format has no HEALTHCHECK.
"${as_root[@]}" podman build --isolation chroot --format docker --pull=never --build-arg "BASE_IMAGE=$base" \
    -f "$containerfile" -t "$(qualified "$image")" "$context"
# the previous build, untagged now, goes (unless a container still uses it)
if [ -n "$previous" ] && [ "$previous" != "$(image_id)" ]; then
    "${as_root[@]}" podman rmi "$previous" >/dev/null 2>&1 || true
fi
rm -f "$archive"
"${as_root[@]}" podman save --format docker-archive -o "$archive" "$(qualified "$image")"
if [ ${#as_root[@]} -gt 0 ]; then
    "${as_root[@]}" chown "$(id -u):$(id -g)" "$archive"
fi
echo "Saved $image to $archive ($(du -m "$archive" | cut -f1) MB); load it with: docker load -i $archive"
