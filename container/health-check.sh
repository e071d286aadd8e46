#!/bin/bash
# The image's HEALTHCHECK: healthy when the status page (GET /, which needs no key) answers 200 on the address
# ML_BIND names, or on loopback when it names every interface. bash's /dev/tcp, since the image has no curl.
set -u

bind=${ML_BIND:-0.0.0.0:5000}
port=${bind##*:}
host=${bind%:*}
host=${host#[}
host=${host%]}
case $host in
    '' | '*' | 0.0.0.0) host=127.0.0.1 ;;
    ::) host=::1 ;;
esac

exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS=' ' read -r -t 5 protocol status _ <&3 || exit 1
[[ $protocol == HTTP/* && $status == 200 ]]
