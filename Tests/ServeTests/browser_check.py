"""Drives the what-if app in headless Chromium through chromedriver's WebDriver HTTP API.

Standard library only. Run by ServeBrowserTests with: DRIVER_URL APP_URL [SCREENSHOT_DIR].
Opens the page, runs the scenario as it is, changes the juniors' headcount, runs again and
checks that the charts changed; compares the two variants; enters a bad headcount and checks
that validate's words appear next to that field. Prints one line per check; exits 1 on a
failed check.
"""
import base64
import json
import sys
import time
import urllib.request

DRIVER, APP = sys.argv[1].rstrip("/"), sys.argv[2]
SHOTS = sys.argv[3] if len(sys.argv) > 3 else None
FIELD = "levels.junior.headcount"


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(DRIVER + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"{}").get("value")


# chromedriver answers /status once it listens; on a busy machine that takes a while.
deadline = time.time() + 120
while True:
    try:
        call("GET", "/status")
        break
    except OSError:
        if time.time() > deadline:
            raise SystemExit("FAIL: chromedriver did not answer at " + DRIVER)
        time.sleep(0.25)

session = call("POST", "/session", {"capabilities": {"alwaysMatch": {
    "browserName": "chrome",
    "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                    "--disable-dev-shm-usage", "--window-size=1500,1100"]}}}})["sessionId"]
S = "/session/" + session


def script(source, *args):
    return call("POST", S + "/execute/sync", {"script": source, "args": list(args)})


def wait(source, what, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = script(source)
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit("FAIL: timed out waiting for " + what)


def find(css):
    return call("POST", S + "/element", {"using": "css selector", "value": css})


def element_id(e):
    return next(iter(e.values()))


def type_into(css, text):
    e = element_id(find(css))
    call("POST", S + "/element/%s/clear" % e, {})
    call("POST", S + "/element/%s/value" % e, {"text": text})


def click(css):
    call("POST", S + "/element/%s/click" % element_id(find(css)), {})


def shot(name):
    if SHOTS:
        png = base64.b64decode(call("GET", S + "/screenshot"))
        with open("%s/%s" % (SHOTS, name), "wb") as f:
            f.write(png)


CHARTS = """
var f = document.getElementById('report');
var d = f && f.contentDocument;
if (!d || !d.querySelector('svg.chart')) return null;
return Array.prototype.map.call(d.querySelectorAll('svg.chart'), function (s) { return s.outerHTML; });
"""

failed = False


def check(ok, text):
    global failed
    print(("ok: " if ok else "FAIL: ") + text)
    failed = failed or not ok


try:
    call("POST", S + "/url", {"url": APP})
    wait("return document.querySelector('input[data-key=\"%s\"]') !== null;" % FIELD, "the form")
    type_into("#replications", "20")
    click("#run")
    wait("return document.querySelectorAll('#variants tbody tr').length >= 1;", "the first variant")
    before = wait("return (function(){" + CHARTS + "})();", "the first report's charts")
    check(len(before) >= 3, "the first run shows %d charts" % len(before))

    original = script("return document.querySelector('input[data-key=\"%s\"]').value;" % FIELD)
    type_into('input[data-key="%s"]' % FIELD, str(int(original) + 4))
    click("#run")
    wait("return document.querySelectorAll('#variants tbody tr').length >= 2;", "the second variant")
    after = wait("var c = (function(){" + CHARTS + "})(); return c && c.join('') !== arguments[0] ? c : null;"
                 .replace("arguments[0]", json.dumps("".join(before))), "the charts to change")
    check(len(after) == len(before), "the second run shows the same %d charts" % len(after))
    changed = sum(1 for a, b in zip(before, after) if a != b)
    check(changed >= 1, "%d of %d charts changed with %s = %d" % (changed, len(after), FIELD, int(original) + 4))
    headcounts = script("return Array.prototype.map.call(document.querySelectorAll('#variants .changes'), function (c) { return c.textContent; });")
    check(headcounts[1] == "%s=%d" % (FIELD, int(original) + 4), "the variant list names the change: %s" % headcounts[1])
    script("window.scrollTo(0, 0); document.querySelector('aside').scrollTo(0, 0);")
    shot("serve-run.png")

    for tick in [1, 2]:
        click("#variants tbody tr:nth-child(%d) input[type=checkbox]" % tick)
    click("#compare")
    verdict = wait("var v = document.querySelector('#verdicts p'); return v && v.textContent;", "the verdict")
    names = script("return Array.prototype.map.call(document.querySelectorAll('#variants tbody td:nth-child(2)'), function (c) { return c.textContent; });")
    check(names[0] in verdict and names[1] in verdict, "the comparison gives a verdict: " + verdict)
    script("document.getElementById('comparison-box').scrollIntoView();")
    shot("serve-compare.png")
    script("window.scrollTo(0, 0);")

    type_into('input[data-key="%s"]' % FIELD, "-2")
    click("#run")
    message = wait("var e = document.querySelector('.error[data-for=\"%s\"]'); return e && e.textContent;" % FIELD,
                   "the error by the field")
    check(message == "got '-2'; expected a whole number >= 0", "the error by the field says: " + message)
    marked = script("return document.querySelector('input[data-key=\"%s\"]').closest('.field').classList.contains('invalid');" % FIELD)
    check(marked, "the field is marked invalid")
    script("window.scrollTo(0, 0); document.querySelector('aside').scrollTo(0, 0);")
    shot("serve-error.png")
finally:
    call("DELETE", S)

sys.exit(1 if failed else 0)
