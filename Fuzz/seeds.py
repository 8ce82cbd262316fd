#!/usr/bin/env python3
"""Writes the fuzzers' starting inputs into DIR/recording, DIR/profile and DIR/audiohook.

Small, valid examples of each input, so that libFuzzer starts from inputs that reach deep
into the parsers and mutates from there: recordings in every WAV encoding ToneCoach names
(PCM 8/16/24/32-bit, float 32/64, mu-law, A-law, WAVE_FORMAT_EXTENSIBLE, stereo), the
bundled coaching profile, and AudioHook exchanges (signed headers, open, audio, ping, pause,
close). Nothing is fetched; only the Python standard library is used.
"""
import base64
import hashlib
import hmac
import math
import os
import shutil
import struct
import sys

RATE = 8000


def voice(seconds=0.25, f0=140.0):
    """A voiced sound: harmonics of f0, with a short silence on each side."""
    n = int(seconds * RATE)
    out = []
    for i in range(n):
        t = i / RATE
        gate = 1.0 if 0.05 < t < seconds - 0.05 else 0.0
        out.append(gate * 0.3 * sum(math.sin(2 * math.pi * f0 * k * t) / k for k in range(1, 8)))
    return out


def mulaw(x):
    sign = 0x80 if x < 0 else 0
    magnitude = min(int(abs(x) * 32124), 32635) + 132
    exponent = max(0, magnitude.bit_length() - 8)
    return ~(sign | (exponent << 4) | ((magnitude >> (exponent + 3)) & 0x0F)) & 0xFF


def alaw(x):
    sign = 0x00 if x < 0 else 0x80
    magnitude = min(int(abs(x) * 32767), 32767) >> 3
    if magnitude < 32:
        code = magnitude >> 1
    else:
        exponent = magnitude.bit_length() - 5
        code = (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    return (sign | code) ^ 0x55


def wav(tag, bits, channels, frames, extensible=False):
    """A RIFF/WAVE file around already encoded sample bytes."""
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, RATE, RATE * block, block, bits)
    if extensible:
        guid = struct.pack("<H", tag) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
        fmt += struct.pack("<HHI", 22, bits, 0) + guid
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(frames)) + frames
    return b"RIFF" + struct.pack("<I", len(body)) + body


def recordings():
    x = voice()
    pcm16 = b"".join(struct.pack("<h", int(v * 32767)) for v in x)
    yield "pcm16.wav", wav(1, 16, 1, pcm16)
    yield "pcm8.wav", wav(1, 8, 1, bytes(int(v * 127) + 128 for v in x))
    yield "pcm24.wav", wav(1, 24, 1, b"".join(struct.pack("<i", int(v * 8388607))[:3] for v in x))
    yield "pcm32.wav", wav(1, 32, 1, b"".join(struct.pack("<i", int(v * 2147483647)) for v in x))
    yield "float32-loud.wav", wav(3, 32, 1, b"".join(struct.pack("<f", v * 40) for v in x))
    yield "float64.wav", wav(3, 64, 1, b"".join(struct.pack("<d", v) for v in x))
    yield "mulaw.wav", wav(7, 8, 1, bytes(mulaw(v) for v in x))
    yield "alaw.wav", wav(6, 8, 1, bytes(alaw(v) for v in x))
    yield "stereo.wav", wav(1, 16, 2, b"".join(struct.pack("<hh", int(v * 32767), int(v * 8000)) for v in x))
    yield "extensible.wav", wav(1, 16, 1, pcm16, extensible=True)


def audiohook():
    org = "d7934305-0972-4844-938e-9060eef73d05"
    sid = "30b0e395-84d3-4570-ac13-9a62d8f514c0"

    def message(kind, seq, serverseq=0, parameters="{}"):
        return (f'{{"version":"2","id":"{sid}","type":"{kind}","seq":{seq},"serverseq":{serverseq},'
                f'"position":"PT0S","parameters":{parameters}}}')

    opening = message("open", 1, parameters=(
        f'{{"organizationId":"{org}","conversationId":"8a7f1c38-7f6e-4f7e-9f8d-2b6a1c9e0d11",'
        '"participant":{"id":"5c1ba7a4-6f0e-4c43-8d0e-4a3e2b1c0f22","ani":"","aniName":"","dnis":""},'
        '"media":[{"type":"audio","format":"PCMU","channels":["external","internal"],"rate":8000}]}'))
    # Signed as the fuzzer's key store expects (key "fuzzkey", secret "fuzzsecret", the time it
    # verifies at, its target and authority), so that mutations start past every check.
    correlation = "e160e428-53e2-487c-977d-96989bf5c99d"
    components = ("@request-target", "@authority", "audiohook-organization-id", "audiohook-session-id",
                  "audiohook-correlation-id", "x-api-key")
    values = ("/audiohook", "localhost:8080", org, sid, correlation, "fuzzkey")
    parameters = ("(" + " ".join(f'"{c}"' for c in components) + ')' + ';keyid="fuzzkey";'
                  'nonce="VGhpc0lzQVVuaXF1ZU5vbmNl";alg="hmac-sha256";created=1700000000;expires=1700000060')
    base = "\n".join([f'"{c}": {v}' for c, v in zip(components, values)] + [f'"@signature-params": {parameters}'])
    signature = base64.b64encode(hmac.new(b"fuzzsecret", base.encode(), hashlib.sha256).digest()).decode()
    headers = "\n".join([
        "X-API-KEY: fuzzkey",
        "Audiohook-Session-Id: " + sid,
        "Audiohook-Organization-Id: " + org,
        "Audiohook-Correlation-Id: " + correlation,
        "Signature-Input: sig1=" + parameters,
        f"Signature: sig1=:{signature}:",
    ])
    yield "call.txt", "\n".join([
        headers, "", opening, "audio 3200", message("ping", 2, 1), "tick 200",
        message("paused", 3, 1), "tick 5000", message("resumed", 4, 1), "audio 1600",
        message("discarded", 5, 1, '{"start":"PT0.2S","discarded":"PT1.5S"}'),
        message("close", 6, 1, '{"reason":"end"}'),
    ]).encode()
    yield "unsigned.txt", "\n".join(["X-API-KEY: open", "", opening, "tick 31000", "audio 160"]).encode()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py DIR")
    root = sys.argv[1]
    for kind in ("recording", "profile", "audiohook"):
        os.makedirs(os.path.join(root, kind), exist_ok=True)
    for name, data in recordings():
        with open(os.path.join(root, "recording", name), "wb") as f:
            f.write(data)
    for name, data in audiohook():
        with open(os.path.join(root, "audiohook", name), "wb") as f:
            f.write(data)
    profiles = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Models", "profiles")
    for name in os.listdir(profiles):
        shutil.copy(os.path.join(profiles, name), os.path.join(root, "profile", name))


if __name__ == "__main__":
    main()
