#!/usr/bin/env python3
"""Take the README's screenshots from a running ``make run`` demo.

Usage: ``python3 tools/screenshot.py LOGIN PASSWORD URL_PATH OUT.png [WIDTH HEIGHT] [--click CSS]``

Logs in with Odoo's JSON-RPC, opens the page in headless Chromium with that
session (Chrome DevTools Protocol over websocket-client), waits for the web
client to settle, optionally clicks elements, and saves a PNG.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

BASE = "http://localhost:8069"


def login(login, password):
    payload = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": "cs_desk_demo", "login": login, "password": password}}
    ).encode()
    request = urllib.request.Request(
        f"{BASE}/web/session/authenticate", data=payload, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers.get("Set-Cookie", "")
        body = json.load(response)
    if body.get("error"):
        raise SystemExit(f"login failed: {body['error']['data']['message']}")
    return cookie.split(";")[0].split("=", 1)[1]


class Chrome:
    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="cs-desk-shot-")
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                "--remote-debugging-port=9333",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2) as response:
                    target = next(t for t in json.load(response) if t["type"] == "page")
                break
            except OSError:
                time.sleep(0.2)
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait_for(self, css, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(css)})"):
                return
            time.sleep(0.3)
        raise SystemExit(f"timed out waiting for {css}")

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("login")
    parser.add_argument("password")
    parser.add_argument("path")
    parser.add_argument("out")
    parser.add_argument("size", nargs="*", type=int, default=[1400, 900])
    parser.add_argument("--click", action="append", default=[], help="CSS selector to click, in order")
    parser.add_argument("--wait", default=".o_action_manager .o_view_controller")
    parser.add_argument("--lang", default="")
    args = parser.parse_args()
    session = login(args.login, args.password)
    chrome = Chrome(*args.size)
    try:
        chrome.call("Network.enable")
        chrome.call("Network.setCookie", name="session_id", value=session, domain="localhost", path="/")
        chrome.call("Page.navigate", url=BASE + args.path)
        chrome.wait_for(args.wait)
        time.sleep(1.5)
        for css in args.click:
            chrome.wait_for(css)
            chrome.evaluate(f"document.querySelector({json.dumps(css)}).click()")
            time.sleep(1.5)
        shot = chrome.call("Page.captureScreenshot", format="png")
        with open(args.out, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        print(f"saved {args.out}")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
