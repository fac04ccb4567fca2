#!/usr/bin/env bash
# Generate the spoken prompts, assets/voice/<vi|en>/<key>.wav, from kiosk/ui/voice_prompts.py
# with espeak-ng (Debian: apt-get install espeak-ng). Run from the repository, after setup.sh;
# commit the files it writes. A ward that records its own puts them under voice.recordings with
# the same names instead (`.venv/bin/python -m kiosk.ui.voice_prompts vi` lists them).
#
#   scripts/make_voice.sh [OUT_DIR]     (default: assets/voice)
set -euo pipefail

cd "$(dirname "$0")/.."
out="${1:-assets/voice}"
python=".venv/bin/python"
[ -x "$python" ] || python=python3
command -v espeak-ng >/dev/null || { echo "espeak-ng not found: apt-get install espeak-ng" >&2; exit 1; }

# Slower than espeak's default (175 words a minute): many who use the kiosk are elderly.
speed=140
declare -A voices=([vi]=vi [en]=en-gb)
for lang in vi en; do
    mkdir -p "$out/$lang"
    while IFS=$'\t' read -r key text; do
        espeak-ng -v "${voices[$lang]}" -s "$speed" -w "$out/$lang/$key.wav" "$text"
    done < <("$python" -m kiosk.ui.voice_prompts "$lang")
    # 22 kHz from espeak-ng, halved: speech needs no more, and the files are committed.
    "$python" -m kiosk.ui.voice --halve-rate "$out/$lang"/*.wav
    echo "$out/$lang: $(ls "$out/$lang" | wc -l) prompts"
done
