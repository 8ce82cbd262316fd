/// The agent's live page: one self-contained HTML document (no network resources) that listens
/// to `/events` and shows the current cue large, in plain words, with a colour per kind, held
/// for a few seconds and then fading; below it a quiet strip — talking, listening or silence;
/// pace, volume and voice in words — updated at most twice a second. Made for a small
/// always-on-top window (`chromium --app=URL`, 360×200 is enough). EventSource reconnects by
/// itself when the session restarts.
public enum LivePageHTML {
    /// The page in `language`, holding each cue for `holdSeconds`, listening to `events` (a
    /// URL relative to the page, or a path).
    public static func page(language: String, holdSeconds: Double, events: String = "events") -> String {
        let words = LivePageWords.words(for: language)
        let lang = ["en", "pt", "es", "ro"].contains(language) ? language : "en"
        return """
            <!DOCTYPE html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ToneCoach</title>
            <style>
            html, body { margin: 0; height: 100%; background: #14161a; color: #e8e8e8;
              font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
            body { display: flex; flex-direction: column; }
            #cue { flex: 1; display: flex; align-items: center; justify-content: center; text-align: center;
              padding: 8px 12px; font-weight: 700; line-height: 1.15; font-size: clamp(20px, 8.5vw, 56px);
              border-left: 10px solid transparent; transition: opacity 1.5s ease, border-color 0.3s; }
            #cue.idle { color: #8a8f98; font-weight: 400; font-size: clamp(14px, 5vw, 28px); }
            #cue.faded { opacity: 0.3; }
            #cue.pace { border-color: #4aa3ff; }
            #cue.volume { border-color: #ffb020; }
            #cue.loud { border-color: #ff4d4d; }
            #cue.tone { border-color: #c07bff; }
            #cue.talk { border-color: #3ccf8e; }
            #strip { display: flex; flex-wrap: wrap; gap: 2px 10px; justify-content: center; padding: 6px 8px;
              font-size: clamp(11px, 3.6vw, 18px); color: #aab0ba; background: #1c1f24; }
            #strip b { color: #e8e8e8; font-weight: 600; }
            #connection { font-size: 12px; color: #ffb020; text-align: center; min-height: 0; }
            </style>
            </head>
            <body>
            <div id="connection"></div>
            <div id="cue" class="idle">\(escape(words.waiting))</div>
            <div id="strip"><span id="activity"></span><span id="pace"></span><span id="volume"></span><span id="voice"></span></div>
            <script>
            "use strict";
            const WORDS = \(words.json);
            const HOLD_MS = \(Int(holdSeconds * 1000));
            const KIND = { slow_down: "pace", speed_up: "pace", lower_voice: "volume", speak_up: "volume",
              shouting: "loud", lift_tone: "tone", let_them_finish: "talk", dead_air: "talk",
              let_customer_talk: "talk", acknowledge_feelings: "talk" };
            const cue = document.getElementById("cue");
            const connection = document.getElementById("connection");
            let fadeTimer = null;
            function showCue(data) {
              cue.textContent = data.message;
              cue.className = KIND[data.cue] || "talk";
              clearTimeout(fadeTimer);
              fadeTimer = setTimeout(() => { cue.className += " faded"; }, HOLD_MS);
            }
            function part(id, label, value) {
              const element = document.getElementById(id);
              element.textContent = "";
              if (!value) return;
              if (label) element.append(WORDS[label] + " ");
              const b = document.createElement("b");
              b.textContent = WORDS[value] || value;
              element.append(b);
            }
            let lastStatus = 0;
            function showStatus(data) {
              if (cue.className === "idle") cue.textContent = "";  // the call is on: no longer waiting
              const now = Date.now();
              if (now - lastStatus < 500) return;
              lastStatus = now;
              part("activity", null, data.activity);
              part("pace", "pace", data.pace);
              part("volume", "volume", data.volume);
              part("voice", "voice", data.voice);
            }
            function connect() {
              const events = new EventSource(\(words.scriptString(events)));
              events.onopen = () => { connection.textContent = ""; };
              events.onerror = () => { connection.textContent = WORDS.reconnecting; };
              events.addEventListener("cue", (e) => showCue(JSON.parse(e.data)));
              events.addEventListener("status", (e) => showStatus(JSON.parse(e.data)));
              events.addEventListener("summary", () => {
                // The call is over: nobody is talking any more, and its last pace is history.
                for (const id of ["activity", "pace", "volume", "voice"]) part(id, null, null);
                if (cue.classList.contains("idle") || cue.classList.contains("faded")) {
                  cue.textContent = WORDS.ended;
                  cue.className = "idle";
                }
              });
            }
            connect();
            </script>
            </body>
            </html>

            """
    }

    /// `text` safe as HTML element content.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
