#!/bin/sh
# The image's entrypoint. Started as root (the image's default, like the original's), it gives the data folders to
# the user ml, which a volume the original wrote as root needs, then starts itself again as ml with no privileges
# left. Started as any other user (docker run --user 1000), it starts the service straight away. Either way the JVM
# replaces this shell (exec), so it is the container's PID 1 and receives docker stop's SIGTERM.
set -eu

if [ "$(id -u)" = 0 ]; then
    for folder in /etc/ml/data "${ML_MODELS_DIR:-}" "${ML_LOGS_DIR:-}"; do
        if [ -d "$folder" ]; then
            find "$folder" ! -user ml -exec chown -h ml:ml {} +
        fi
    done
    exec setpriv --reuid=ml --regid=ml --init-groups --inh-caps=-all --bounding-set=-all -- "$0" "$@"
fi

exec /opt/ml-service/runtime/bin/java -cp '/opt/ml-service/lib/*' io.mlservice.cli.ServerMain "$@"
