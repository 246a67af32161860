//! A small Chrome DevTools Protocol client for browser tests: starts a real
//! headless Chromium, opens pages, runs scripts, types, takes screenshots and
//! records every network request a page makes.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// The Chromium binary: `$CHROMIUM`, else `chromium` on the PATH.
pub fn chromium_path() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_string())
}

/// A running headless Chromium with one page (tab) attached.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    /// Events received while waiting for command replies, oldest first.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium. Panics with install instructions when it is missing.
    pub fn start() -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium_path())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `{}` ({e}): browser tests need Chromium; run `bash .ci/install-deps` (Debian: apt-get install -y chromium) or set $CHROMIUM", chromium_path()));
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let ws_url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("Chromium did not print its DevTools address");
        let (socket, _) =
            tungstenite::connect(ws_url.as_str()).expect("connect to Chromium DevTools");
        if let MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        };
        let target = browser.browser_call("Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().unwrap().to_string();
        let attached = browser.browser_call(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page.enable", "Network.enable", "Runtime.enable"] {
            browser.call(domain, json!({}));
        }
        browser
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to Chromium");
        loop {
            let reply = self.read();
            if reply["id"].as_u64() == Some(id) {
                if let Some(err) = reply.get("error") {
                    panic!("{method} failed: {err}");
                }
                return reply["result"].clone();
            }
            if reply.get("method").is_some() {
                self.events.push(reply);
            }
        }
    }

    fn read(&mut self) -> Value {
        loop {
            match self.socket.read().expect("read from Chromium") {
                Message::Text(t) => {
                    return serde_json::from_str(t.as_str()).expect("DevTools JSON");
                }
                Message::Close(_) => panic!("Chromium closed the DevTools connection"),
                _ => {}
            }
        }
    }

    fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    /// Sends a command to the page and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    /// Waits for an event `method` (already received or coming), up to `timeout`.
    pub fn wait_for_event(&mut self, method: &str, timeout: Duration) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
                return Some(self.events.remove(i));
            }
            if Instant::now() > deadline {
                return None;
            }
            // A cheap command makes the socket deliver pending events.
            let _ = self.call("Runtime.evaluate", json!({"expression": "1"}));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens `url` and waits for its load event.
    pub fn goto(&mut self, url: &str) {
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for_event("Page.loadEventFired", Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{url} did not load"));
    }

    /// Evaluates JavaScript in the page (awaiting promises) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
        );
        if let Some(ex) = result.get("exceptionDetails") {
            panic!("script failed: {expression}\n{ex}");
        }
        result["result"]["value"].clone()
    }

    /// Polls `condition` (a JS expression) until it is true, up to `timeout`.
    pub fn wait_until(&mut self, condition: &str, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.eval(&format!("Boolean({condition})")) == json!(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Focuses the element matching `selector` and types `text` as a user would.
    pub fn type_into(&mut self, selector: &str, text: &str) {
        self.eval(&format!(
            "document.querySelector({}).focus()",
            json!(selector)
        ));
        for c in text.chars() {
            self.call("Input.insertText", json!({"text": c.to_string()}));
        }
    }

    /// Presses a key (e.g. "Enter", "Tab", "ArrowDown") on the focused element.
    pub fn press(&mut self, key: &str, code: &str, key_code: u32) {
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code, "text": if key == "Enter" && kind == "keyDown" { "\r" } else { "" }}),
            );
        }
    }

    /// Clicks the middle of the element matching `selector` with a real mouse
    /// event (scrolling it into view first), as a user would. Waits until the
    /// element is what the page has at that point, so a late layout shift cannot
    /// send the click elsewhere. Works with JavaScript off too (no page timers).
    pub fn click(&mut self, selector: &str) {
        let locate = format!(
            "(() => {{ const e = document.querySelector({0}); if (!e) return null; e.scrollIntoView({{block: 'center', behavior: 'instant'}}); const r = e.getBoundingClientRect(); const x = r.x + r.width / 2, y = r.y + r.height / 2; const hit = document.elementFromPoint(x, y); return e === hit || e.contains(hit) ? [x, y, scrollX, scrollY] : 'covered'; }})()",
            json!(selector)
        );
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut last = Value::Null;
        let (x, y) = loop {
            let point = self.eval(&locate);
            // Click once the page has stopped moving (a smooth scroll may be running).
            if let Some(xy) = point.as_array()
                && point == last
            {
                break (xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap());
            }
            assert!(!point.is_null(), "nothing matches `{selector}` to click");
            last = point;
            assert!(
                Instant::now() < deadline,
                "`{selector}` stays covered by another element or keeps moving"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Waits for the next page load (after a click or key press that navigates).
    pub fn wait_for_load(&mut self, timeout: Duration) -> bool {
        self.wait_for_event("Page.loadEventFired", timeout)
            .is_some()
    }

    /// Emulates the reader's colour scheme preference: "light" or "dark".
    pub fn color_scheme(&mut self, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    /// Sets the viewport size (CSS pixels).
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
    }

    /// Turns JavaScript off (or on) for the next page loads.
    pub fn javascript(&mut self, enabled: bool) {
        self.call(
            "Emulation.setScriptExecutionDisabled",
            json!({"value": !enabled}),
        );
    }

    /// A PNG of the whole page.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let result = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(result["data"].as_str().unwrap())
            .unwrap()
    }

    /// A PNG of what is in the viewport (the top of the page after `goto`).
    pub fn screenshot_viewport(&mut self) -> Vec<u8> {
        let result = self.call("Page.captureScreenshot", json!({"format": "png"}));
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(result["data"].as_str().unwrap())
            .unwrap()
    }

    /// Every URL the page requested since the last call, oldest first.
    pub fn take_requests(&mut self) -> Vec<String> {
        let _ = self.call("Runtime.evaluate", json!({"expression": "1"}));
        let mut urls = Vec::new();
        self.events.retain(|e| {
            if e["method"] == "Network.requestWillBeSent" {
                urls.push(
                    e["params"]["request"]["url"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                );
                false
            } else {
                true
            }
        });
        urls
    }

    /// (URL, bytes received) of every response that finished loading since the
    /// last call: what the page actually transferred, headers included.
    pub fn take_transfers(&mut self) -> Vec<(String, u64)> {
        let _ = self.call("Runtime.evaluate", json!({"expression": "1"}));
        let mut urls = std::collections::HashMap::new();
        let mut finished = Vec::new();
        self.events.retain(|e| match e["method"].as_str() {
            Some("Network.responseReceived") => {
                let id = e["params"]["requestId"].as_str().unwrap_or("").to_string();
                let url = e["params"]["response"]["url"].as_str().unwrap_or("");
                urls.insert(id, url.to_string());
                false
            }
            Some("Network.loadingFinished") => {
                let id = e["params"]["requestId"].as_str().unwrap_or("").to_string();
                let bytes = e["params"]["encodedDataLength"].as_f64().unwrap_or(0.0);
                finished.push((id, bytes as u64));
                false
            }
            _ => true,
        });
        finished
            .into_iter()
            .map(|(id, bytes)| (urls.remove(&id).unwrap_or_default(), bytes))
            .collect()
    }

    /// Console errors and uncaught exceptions seen so far.
    pub fn take_console_errors(&mut self) -> Vec<String> {
        let mut errors = Vec::new();
        self.events.retain(|e| match e["method"].as_str() {
            Some("Runtime.exceptionThrown") => {
                errors.push(e["params"]["exceptionDetails"].to_string());
                false
            }
            Some("Runtime.consoleAPICalled") if e["params"]["type"] == "error" => {
                errors.push(e["params"]["args"].to_string());
                false
            }
            _ => true,
        });
        errors
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
