#!/usr/bin/env bash
# Takes the console's screenshots (docs/console.md) of the real console window, on the demo dataset, under a virtual display.
# Linux only; needs: apt-get install -y xvfb openbox xdotool imagemagick libgtk-3-0
# Run from the project folder after `mvn -q -B package -DskipTests`:  bash assets/take-screenshots.sh
set -euo pipefail
project=$(pwd)
jar="$project/target/ml-service.jar"
out="${OUT:-$project/assets/screenshots}"
work=$(mktemp -d)
display=:77
mkdir -p "$out"

Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
# a window manager gives the window its frame and the keyboard focus
DISPLAY=$display openbox >/dev/null 2>&1 &
wm=$!
trap 'kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; kill "$wm" "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT

cd "$work"
DISPLAY=$display java -Dmlservice.theme="${THEME:-light}" -jar "$jar" >console.out 2>&1 &
app=$!

# waits (up to 2 minutes) until the log has a line matching $1
wait_for_log() {
    for _ in $(seq 1 240); do
        grep -q "$1" data/logs/ml-service.log 2>/dev/null && return 0
        sleep 0.5
    done
    echo "timed out waiting for: $1" >&2
    cat console.out >&2
    return 1
}

wait_for_log "Training cycle 1 ok"
window=$(DISPLAY=$display xdotool search --sync --name "ML Service for Totara Engage" | head -1)
DISPLAY=$display xdotool windowsize --sync "$window" 1180 780
DISPLAY=$display xdotool windowmove --sync "$window" 20 20
DISPLAY=$display xdotool windowactivate --sync "$window"

shot() {   # page shortcut digit, file name
    DISPLAY=$display xdotool key "ctrl+$1"
    sleep 2   # let the page load its data and render
    DISPLAY=$display import -frame -window "$window" "$out/$2.png"
    echo "wrote $out/$2.png"
}

shot 1 dashboard
shot 4 settings
shot 5 logs
DISPLAY=$display xdotool key "ctrl+3"
sleep 1
DISPLAY=$display xdotool mousemove --window "$window" 340 195 click 1
DISPLAY=$display xdotool type --delay 80 "3"
DISPLAY=$display xdotool key Return
sleep 1
# a click beside the field closes the suggestions (under Xvfb, without a compositor, they show as a black box)
DISPLAY=$display xdotool mousemove --window "$window" 800 250 click 1
sleep 2
DISPLAY=$display import -frame -window "$window" "$out/preview.png"
echo "wrote $out/preview.png"
# Training: start a cycle from the page (Alt+T on the Training page) and catch it half-way
DISPLAY=$display xdotool key "ctrl+2"
sleep 1
DISPLAY=$display xdotool key "alt+t"
wait_for_log "Training cycle 2 (manual) started"
sleep 3
DISPLAY=$display import -frame -window "$window" "$out/training.png"
echo "wrote $out/training.png"
