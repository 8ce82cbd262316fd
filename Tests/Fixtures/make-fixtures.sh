#!/usr/bin/env bash
# Regenerates the speech fixtures in this folder from text, with Debian's espeak-ng and sox.
# Every file here was made by this script (espeak-ng 1.51, sox 14.4.2); nothing is a recording
# of a real person. Run it from anywhere: bash Tests/Fixtures/make-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() {  # say VOICE PITCH SPEED AMPLITUDE OUT "text"
    espeak-ng -v "$1" -p "$2" -s "$3" -a "$4" -w "$work/raw.wav" "$6"
    sox "$work/raw.wav" -r 8000 -b 16 "$5"
}

# Pace: the same passage at 120 and 240 words per minute (8 kHz, 16-bit mono).
passage="When you called us this morning, the order had already left our warehouse. \
I can see the parcel is now with the courier, and it should reach you tomorrow before noon. \
If it does not arrive, I will send a replacement at no cost to you."
say en-us 50 120 100 pace-120wpm.wav "$passage"
say en-us 50 240 100 pace-240wpm.wav "$passage"

# An example two-channel call: agent on the left, customer on the right, G.711 µ-law at 8 kHz,
# as a contact-centre recorder writes it. The customer starts upset (higher, louder, faster).
turn=0
: > "$work/agent.list"
: > "$work/customer.list"
line() {  # line WHO VOICE PITCH SPEED AMPLITUDE "text" GAP_SECONDS
    turn=$((turn + 1))
    say "$2" "$3" "$4" "$5" "$work/t$turn.wav" "$6"
    sox "$work/t$turn.wav" "$work/s$turn.wav" pad 0 "$7"
    sox -n -r 8000 -b 16 -c 1 "$work/z$turn.wav" trim 0 "$(soxi -D "$work/s$turn.wav")"
    if [ "$1" = agent ]; then
        echo "$work/s$turn.wav" >> "$work/agent.list"; echo "$work/z$turn.wav" >> "$work/customer.list"
    else
        echo "$work/z$turn.wav" >> "$work/agent.list"; echo "$work/s$turn.wav" >> "$work/customer.list"
    fi
}
A="en-us"; C="en-us+f3"
line agent "$A" 45 160 90 "Thank you for calling Northwind support, my name is Sam. How can I help you today?" 0.6
line customer "$C" 75 200 150 "I have been waiting two weeks for my parcel and nobody tells me anything! This is the third time I call!" 0.5
line agent "$A" 45 150 90 "I am really sorry, that sounds frustrating. Let me look at your order right now." 1.2
line customer "$C" 65 175 120 "Fine. The order number is four five seven two." 0.8
line agent "$A" 45 150 90 "Thank you. I can see the parcel left our warehouse yesterday. It will reach you tomorrow before noon, and I have refunded the delivery charge." 0.7
line customer "$C" 55 165 110 "Oh, okay. Thank you, that helps a lot." 0.5
line agent "$A" 48 155 90 "You are welcome. Is there anything else I can do for you today?" 0.5
line customer "$C" 55 165 100 "No, that is all. Goodbye." 0.8
sox $(cat "$work/agent.list") "$work/agent.wav"
sox $(cat "$work/customer.list") "$work/customer.wav"
sox -M "$work/agent.wav" "$work/customer.wav" -e u-law -b 8 example-call.wav

ls -l ./*.wav
