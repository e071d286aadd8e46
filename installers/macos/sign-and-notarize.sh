#!/usr/bin/env bash
# Signs the app image with a Developer ID, builds the .dmg from it, then signs, notarises and staples the .dmg.
# Run on macOS from the project folder, after `mvn -B -ntp verify` built target/jpackage/image/ML Service.app:
#   bash installers/macos/sign-and-notarize.sh "Developer ID Application: Example Ltd (TEAMID)" notary-profile
# The notary profile is stored once in the keychain with:
#   xcrun notarytool store-credentials notary-profile --apple-id you@example.org --team-id TEAMID
set -euo pipefail
identity=${1:?the Developer ID Application identity, as in: security find-identity -v -p codesigning}
profile=${2:?the notarytool keychain profile}
app="target/jpackage/image/ML Service.app"
out="target/jpackage/installer"
entitlements="installers/macos/entitlements.plist"
version=$(/usr/libexec/PlistBuddy -c "Print CFBundleShortVersionString" "$app/Contents/Info.plist")

sign() {
    codesign --force --timestamp --options runtime --entitlements "$entitlements" --sign "$identity" "$@"
}

# Inside out: the runtime's native libraries and executables, the launchers, then the bundle itself.
find "$app/Contents/runtime" -type f \( -name "*.dylib" -o -perm -u+x \) -print0 | while IFS= read -r -d '' f; do
    sign "$f"
done
# The notary service looks inside jars too: sqlite-jdbc carries its macOS libraries in its jar, unsigned. Sign
# them and put them back.
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
for jar in "$app/Contents/app/"*.jar; do
    jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
    libraries=$(unzip -Z1 "$jar" | grep -E '\.(dylib|jnilib)$' || true)
    [ -n "$libraries" ] || continue
    rm -rf "${unpacked:?}"/*
    while IFS= read -r library; do
        (cd "$unpacked" && unzip -q "$jar" "$library")
        sign "$unpacked/$library"
        (cd "$unpacked" && zip -q "$jar" "$library")
    done <<< "$libraries"
done
for launcher in "$app/Contents/MacOS/"*; do
    sign "$launcher"
done
sign "$app"
codesign --verify --deep --strict --verbose=2 "$app"

rm -rf "$out"
jpackage @installers/macos/dmg.args --app-image "$app" --name "ML Service" --app-version "$version" \
    --icon assets/icon.icns --resource-dir installers/macos --dest "$out"
dmg=$(ls "$out"/*.dmg)
codesign --force --timestamp --sign "$identity" "$dmg"
xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
xcrun stapler staple "$dmg"
spctl --assess --type open --context context:primary-signature --verbose "$dmg"
echo "Signed and notarised: $dmg"
