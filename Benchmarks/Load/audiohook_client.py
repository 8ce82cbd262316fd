#!/usr/bin/env python3
"""ToneCoach's AudioHook v2 test client and load generator (Python standard library only).

  audiohook_client.py call URL --key K --secret S --wav CALL.wav [--speed X] [--fault NAME]
      Streams one µ-law (or 16-bit, sent as L16) 8 kHz WAV as one AudioHook call, agent left
      ("internal") and customer right ("external"), in 200 ms frames, at real time (or X times
      faster). Prints one JSON object: the HTTP status of the upgrade, the messages received,
      how the connection ended. --fault makes it misbehave on purpose: wrong-key,
      bad-signature, stale, org-mismatch, garbage, audio-before-open, oversized, abrupt, bad-seq,
      stall (opens, then sends only pings: reports the seconds until the server disconnects).

  audiohook_client.py load URL --key K --secret S --wav CALL.wav --calls N --seconds D
      Plays N concurrent calls of D seconds each (the WAV looped) at real time, their starts
      spread over the first second as real calls' are (not in step), then scrapes
      /metrics and prints the calls completed, the analysis lag (p99 from the histogram) and
      the audio the server dropped.
"""
import argparse, asyncio, base64, hashlib, hmac, json, os, random, struct, sys, time, uuid, urllib.parse


def wav_audio(path):
    """(encoding, channels, rate, bytes) of a WAV's data chunk: µ-law or 16-bit PCM."""
    data = open(path, "rb").read()
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise SystemExit(f"{path}: not a WAV file")
    pos, fmt, audio = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", body[:16])
        elif cid == b"data":
            audio = body
        pos += 8 + size + (size & 1)
    tag, channels, rate, _, _, bits = fmt
    encoding = {7: "PCMU", 1: "L16"}.get(tag)
    if encoding is None or rate != 8000 or (encoding == "L16" and bits != 16):
        raise SystemExit(f"{path}: needs 8 kHz µ-law or 16-bit PCM")
    return encoding, channels, rate, audio


def sign(method_path, host, headers, key, secret, created=None, nonce=None):
    created = int(time.time()) if created is None else created
    nonce = nonce or base64.b64encode(os.urandom(18)).decode()
    components = ["@request-target", "@authority", "audiohook-organization-id", "audiohook-session-id",
                  "audiohook-correlation-id", "x-api-key"]
    params = "(" + " ".join(f'"{c}"' for c in components) + ")" + \
        f';keyid="{key}";nonce="{nonce}";alg="hmac-sha256";created={created};expires={created + 60}'
    values = {"@request-target": method_path, "@authority": host}
    values.update({k.lower(): v for k, v in headers.items()})
    base = "\n".join(f'"{c}": {values[c]}' for c in components) + f'\n"@signature-params": {params}'
    mac = hmac.new(base64.b64decode(secret), base.encode(), hashlib.sha256).digest() if secret else b""
    return {"Signature-Input": f"sig1={params}", "Signature": f"sig1=:{base64.b64encode(mac).decode()}:"}


class Socket:
    # In load mode frames carry an all-zero mask: still a masked frame as RFC 6455 requires of
    # clients, but nothing to XOR, so the generator's core is not spent on masking.
    zero_mask = False

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    async def send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        if Socket.zero_mask:
            self.writer.write(header + b"\0\0\0\0" + payload)
            await self.writer.drain()
            return
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload)) if n < 4096 else \
            (int.from_bytes(payload, "big") ^ int.from_bytes((mask * (n // 4 + 1))[:n], "big")).to_bytes(n, "big")
        self.writer.write(header + mask + masked)
        await self.writer.drain()

    async def text(self, obj):
        await self.send(1, json.dumps(obj).encode())

    async def receive(self):
        """(opcode, payload) of the next data or close frame; answers pings."""
        while True:
            head = await self.reader.readexactly(2)
            opcode, n = head[0] & 0x0F, head[1] & 0x7F
            if n == 126:
                n = struct.unpack(">H", await self.reader.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", await self.reader.readexactly(8))[0]
            payload = await self.reader.readexactly(n)
            if opcode == 9:
                await self.send(10, payload)
                continue
            if opcode == 10:
                continue
            return opcode, payload


async def connect(url, key, secret, fault=None, organization=None, session=None):
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc
    organization = organization or str(uuid.uuid4())
    session = session or str(uuid.uuid4())
    headers = {"Audiohook-Organization-Id": organization, "Audiohook-Session-Id": session,
               "Audiohook-Correlation-Id": str(uuid.uuid4()), "X-API-KEY": key if fault != "wrong-key" else "not-a-key"}
    created = int(time.time()) - (30 if fault == "stale" else 0)
    signature = sign(parts.path, host, headers, headers["X-API-KEY"], secret, created=created)
    if fault == "bad-signature":
        signature["Signature"] = "sig1=:" + base64.b64encode(b"\0" * 32).decode() + ":"
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    request = [f"GET {parts.path} HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
               f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}", "Sec-WebSocket-Version: 13"]
    request += [f"{k}: {v}" for k, v in {**headers, **signature}.items()]
    writer.write(("\r\n".join(request) + "\r\n\r\n").encode())
    await writer.drain()
    response = await reader.readuntil(b"\r\n\r\n")
    status = int(response.split(b" ")[1])
    return status, Socket(reader, writer), organization, session


def message(kind, seq, session, parameters, serverseq=0, position=0.0):
    return {"version": "2", "id": session, "type": kind, "seq": seq, "serverseq": serverseq,
            "position": f"PT{position:.3f}S", "parameters": parameters}


async def call(url, key, secret, wav, speed=1.0, fault=None, seconds=None, conversation=None, start_within=0.0):
    encoding, channels, rate, audio = wav_audio(wav)
    # Real calls do not start in step: spread the starts (and so the 200 ms frames) over time.
    await asyncio.sleep(random.uniform(0, start_within))
    started = time.monotonic()
    status, ws, organization, session = await connect(url, key, secret, fault)
    result = {"status": status, "received": [], "ended": None, "conversation": None}
    if status != 101:
        ws.writer.close()
        result["ended"] = "refused"
        result["refused_after_s"] = round(time.monotonic() - started, 3)
        return result
    conversation = conversation or str(uuid.uuid4())
    result["conversation"] = conversation
    bytes_per_frame = channels * (1 if encoding == "PCMU" else 2)
    chunk = bytes_per_frame * rate // 5  # 200 ms
    seq = 0

    async def receive_until(types):
        while True:
            opcode, payload = await asyncio.wait_for(ws.receive(), 15)
            if opcode == 8:
                result["ended"] = "closed by server"
                return None
            if opcode == 1:
                reply = json.loads(payload)
                result["received"].append(reply["type"])
                if reply["type"] in types:
                    return reply

    try:
        if fault == "garbage":
            await ws.send(1, b"{this is not json")
            await receive_until({"disconnect"})
            return result
        if fault == "audio-before-open":
            await ws.send(2, audio[:chunk])
            await receive_until({"disconnect"})
            return result
        seq += 1
        org = organization if fault != "org-mismatch" else str(uuid.uuid4())
        await ws.text(message("open", seq, session, {
            "organizationId": org, "conversationId": conversation,
            "participant": {"id": str(uuid.uuid4()), "ani": "", "aniName": "", "dnis": ""},
            "media": [{"type": "audio", "format": encoding, "channels": ["internal", "external"][:channels], "rate": rate}]}))
        reply = await receive_until({"opened", "disconnect"})
        if reply is None or reply["type"] == "disconnect":
            return result
        if fault == "oversized":
            await ws.send(2, b"\xff" * (65536 + bytes_per_frame))
            await receive_until({"disconnect"})
            return result
        if fault == "bad-seq":
            await ws.text(message("ping", seq + 5, session, {}, serverseq=1))
            await receive_until({"disconnect"})
            return result
        if fault == "stall":
            opened_at = time.monotonic()
            while time.monotonic() - opened_at < 60:
                seq += 1
                await ws.text(message("ping", seq, session, {}, serverseq=1))
                reply = await receive_until({"pong", "disconnect"})
                if reply is None or reply["type"] == "disconnect":
                    break
                await asyncio.sleep(0.5)
            result["disconnected_after_s"] = round(time.monotonic() - opened_at, 1)
            seq += 1
            await ws.text(message("close", seq, session, {"reason": "disconnect"}, serverseq=2))
            await receive_until({"closed"})
            result["ended"] = "closed after disconnect"
            return result
        # From here a reader answers the server: a disconnect stops the stream and is answered
        # with close, as an AudioHook client must.
        disconnected, closed = asyncio.Event(), asyncio.Event()

        async def reader():
            try:
                while True:
                    opcode, payload = await ws.receive()
                    if opcode == 8:
                        result["ended"] = result["ended"] or "closed by server"
                        break
                    if opcode == 1:
                        kind = json.loads(payload)["type"]
                        result["received"].append(kind)
                        if kind == "disconnect":
                            disconnected.set()
                        if kind == "closed":
                            break
            except (asyncio.IncompleteReadError, ConnectionError):
                pass
            finally:
                disconnected.set()
                closed.set()

        reading = asyncio.create_task(reader())
        total = len(audio) if seconds is None else int(seconds * rate) * bytes_per_frame
        sent, position, next_due = 0, 0.0, time.monotonic()
        while sent < total and not disconnected.is_set():
            offset = sent % len(audio)
            piece = audio[offset:offset + min(chunk, total - sent, len(audio) - offset)]
            piece = piece[:len(piece) - len(piece) % bytes_per_frame]
            await ws.send(2, piece)
            sent += len(piece)
            position += len(piece) / bytes_per_frame / rate
            if fault == "abrupt" and position >= 2:
                ws.writer.transport.abort()
                result["ended"] = "aborted by client"
                reading.cancel()
                return result
            next_due += len(piece) / bytes_per_frame / rate / speed
            await asyncio.sleep(max(0, next_due - time.monotonic()))
        seq += 1
        reason = "disconnect" if "disconnect" in result["received"] else "end"
        await ws.text(message("close", seq, session, {"reason": reason}, serverseq=1, position=position))
        await asyncio.wait_for(closed.wait(), 15)
        if "closed" in result["received"]:
            result["ended"] = "closed" if reason == "end" else "closed after disconnect"
        result["audio_s"] = round(position, 3)
    except (asyncio.IncompleteReadError, ConnectionError):
        result["ended"] = result["ended"] or "connection lost"
    except asyncio.TimeoutError:
        result["ended"] = "timed out"
    finally:
        ws.writer.close()
    return result


def lag_p99(metrics_text):
    buckets = []
    for line in metrics_text.splitlines():
        if line.startswith("tonecoach_analysis_lag_seconds_bucket"):
            le = line.split('le="')[1].split('"')[0]
            buckets.append((float("inf") if le == "+Inf" else float(le), float(line.split()[-1])))
    if not buckets or buckets[-1][1] == 0:
        return None
    total = buckets[-1][1]
    for le, count in buckets:
        if count >= 0.99 * total:
            return le
    return None


def metric(metrics_text, name):
    for line in metrics_text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{}"):
            return float(line.split()[-1])
    return 0.0


async def load(args):
    Socket.zero_mask = True
    started = time.monotonic()
    results = await asyncio.gather(*[
        call(args.url, args.key, args.secret, args.wav, seconds=args.seconds, start_within=1.0)
        for _ in range(args.calls)],
        return_exceptions=True)
    elapsed = time.monotonic() - started
    base = urllib.parse.urlsplit(args.url)
    reader, writer = await asyncio.open_connection(base.hostname, base.port)
    writer.write(f"GET /metrics HTTP/1.1\r\nHost: {base.netloc}\r\nConnection: close\r\n\r\n".encode())
    text = (await reader.read()).decode().split("\r\n\r\n", 1)[-1]
    closed = sum(1 for r in results if isinstance(r, dict) and r.get("ended") == "closed")
    print(json.dumps({
        "calls": args.calls, "closed": closed, "seconds": args.seconds, "wall_s": round(elapsed, 1),
        "errors": [str(r) for r in results if not isinstance(r, dict)][:3],
        "analysis_lag_p99_s_at_most": lag_p99(text),
        "dropped_audio_s": metric(text, "tonecoach_dropped_audio_seconds_total"),
        "audio_s": metric(text, "tonecoach_audio_seconds_total")}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["call", "load"])
    parser.add_argument("url")
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", default="")
    parser.add_argument("--wav", required=True)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--fault")
    parser.add_argument("--conversation")
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if args.mode == "call":
        print(json.dumps(asyncio.run(call(args.url, args.key, args.secret, args.wav, args.speed, args.fault,
                                          conversation=args.conversation))))
    else:
        asyncio.run(load(args))


if __name__ == "__main__":
    main()
