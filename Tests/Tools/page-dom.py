#!/usr/bin/env python3
"""Prints a live page's DOM as a real browser renders it after SECONDS: headless Chromium,
driven over the DevTools protocol (Chromium's own --dump-dom runs the page on virtual time,
which stands still while an EventSource is open, so no event would ever arrive).

Usage: page-dom.py URL [SECONDS [SCREENSHOT.png]]   (PAGE_SIZE=WxH sets the window, 360x200 by default;
PAGE_UNTIL=TEXT reads the DOM as soon as it holds TEXT, within SECONDS; PAGE_AGAIN=TEXT then
prints a line "<!-- read -->", waits for a line on standard input (the caller changes something,
such as ending the session) and prints the DOM again once it holds TEXT, within 10 s)
(standard library only; needs Debian's chromium)"""
import base64, json, os, re, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


def websocket(url):
    host, port, path = re.match(r"ws://([^:/]+):(\d+)(/.*)", url).groups()
    sock = socket.create_connection((host, int(port)), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    if b" 101 " not in response.split(b"\r\n")[0]:
        raise SystemExit(f"page-dom: DevTools refused the connection: {response[:80]!r}")
    return sock


def send(sock, text):
    data = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    if len(data) < 126:
        header += bytes([0x80 | len(data)])
    elif len(data) < 65536:
        header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
    else:
        header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
    sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))


def exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise SystemExit("page-dom: DevTools closed the connection")
        data += chunk
    return data


def receive(sock):
    message = b""
    while True:
        first, second = exactly(sock, 2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack(">H", exactly(sock, 2))[0]
        elif length == 127:
            length = struct.unpack(">Q", exactly(sock, 8))[0]
        message += exactly(sock, length)
        if first & 0x80:
            return message.decode()


def call(sock, request, method, params):
    """Sends one DevTools command and returns its result, skipping events and other replies."""
    send(sock, json.dumps({"id": request, "method": method, "params": params}))
    while True:
        reply = json.loads(receive(sock))
        if reply.get("id") == request:
            return reply["result"]


def main():
    url = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2
    width, height = (int(n) for n in os.environ.get("PAGE_SIZE", "360x200").split("x"))
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        raise SystemExit("page-dom: no chromium on PATH (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="page-dom-")
    process = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", f"--window-size={width},{height}", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        endpoint = None
        deadline = time.time() + 30
        while time.time() < deadline and endpoint is None:
            line = process.stderr.readline()
            match = re.search(r"DevTools listening on ws://([^/]+)/", line)
            if match:
                endpoint = match.group(1)
        if endpoint is None:
            raise SystemExit("page-dom: chromium did not start its DevTools endpoint")
        page = None
        while time.time() < deadline and page is None:
            targets = json.load(urllib.request.urlopen(f"http://{endpoint}/json/list"))
            page = next((t for t in targets if t.get("type") == "page" and t.get("url", "").startswith(url)), None)
            time.sleep(0.1)
        if page is None:
            raise SystemExit("page-dom: the page never opened")
        sock = websocket(page["webSocketDebuggerUrl"])
        # The window an agent gives the page: small, always on top.
        call(sock, 0, "Emulation.setDeviceMetricsOverride",
             {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        # With PAGE_UNTIL, the DOM is read every 0.2 s until it holds that text (at most
        # SECONDS): a test waits for what it expects without guessing how fast Chromium starts.
        until = os.environ.get("PAGE_UNTIL")
        read_at = time.time() + seconds
        if until is None:
            time.sleep(seconds)
        request = 1

        def read_dom(until, read_at):
            nonlocal request
            while True:
                result = call(sock, request, "Runtime.evaluate",
                              {"expression": "document.documentElement.outerHTML", "returnByValue": True})
                request += 1
                # While the page still navigates there is no document to read yet: read again.
                dom = result["result"].get("value", "")
                if until is None or until in dom or time.time() >= read_at:
                    return dom
                time.sleep(0.2)

        print(read_dom(until, read_at))
        again = os.environ.get("PAGE_AGAIN")
        if again:
            print("<!-- read -->", flush=True)
            sys.stdin.readline()
            print(read_dom(again, time.time() + 10))
        if len(sys.argv) > 3:
            shot = call(sock, request, "Page.captureScreenshot", {"format": "png"})
            with open(sys.argv[3], "wb") as out:
                out.write(base64.b64decode(shot["data"]))
    finally:
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)


main()
