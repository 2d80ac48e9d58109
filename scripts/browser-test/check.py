#!/usr/bin/env python3
"""Checks what headless Chromium made of one report page (scripts/browser-test/run.sh).

    check.py PAGE DOM LOG NETLOG

PAGE: the HTML file loaded; DOM: what --dump-dom printed; LOG: Chromium's stderr
(--enable-logging=stderr); NETLOG: its --log-net-log JSON. Fails (exit 1, one line per problem)
when the page wrote anything to the console (a script error, a request the
Content-Security-Policy refused), when the page asked for anything that is not a file:// URL,
or when a link of the DOM points at no file of the report or at no element of the page.
"""
import html.parser
import json
import os
import sys
import urllib.parse


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src", "action", "poster", "srcset", "data") and value is not None:
                self.targets.append((tag, name, value))


def main():
    page, dom_file, log_file, netlog_file = sys.argv[1:5]
    problems = []

    # Chromium logs every console message of the page as INFO:CONSOLE; the report's pages write none.
    # Messages whose source is one of Chromium's own pages (chrome://, e.g. its new-tab page
    # warning about a slow font on a loaded machine) are the browser's, not the report's.
    with open(log_file, errors="replace") as log:
        for line in log:
            if ":CONSOLE" in line and ", source: chrome://" not in line:
                problems.append("console: " + line.strip().split("] ", 1)[-1])

    # Requests the page made (the browser's own update checks have no origin and are not the page's).
    with open(netlog_file) as f:
        netlog = json.load(f)
    start_job = netlog["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    for event in netlog["events"]:
        params = event.get("params") or {}
        if event["type"] != start_job or "url" not in params or params.get("initiator") == "not an origin":
            continue
        if not params["url"].startswith("file://"):
            problems.append("request leaving the file system: " + params["url"])

    with open(dom_file, errors="replace") as f:
        dom = f.read()
    if "<body" not in dom:
        problems.append("no DOM dumped")
    parser = Links()
    parser.feed(dom)
    here = os.path.dirname(os.path.abspath(page))
    for tag, attribute, value in parser.targets:
        target = urllib.parse.urlsplit(value)
        where = f'<{tag} {attribute}="{value}">'
        if target.scheme or target.netloc:
            problems.append(f"{where}: not a relative link")
            continue
        if not target.path:
            if target.fragment and target.fragment not in parser.ids:
                problems.append(f"{where}: no element with that id on the page")
            continue
        path = os.path.normpath(os.path.join(here, urllib.parse.unquote(target.path)))
        if not os.path.isfile(path):
            problems.append(f"{where}: {path} does not exist")
    links = sum(1 for tag, attribute, _ in parser.targets if attribute == "href")

    for problem in problems:
        print(f"{page}: {problem}")
    if problems:
        return 1
    print(f"{page}: {links} links resolve, no console message, no request outside the file system")
    return 0


if __name__ == "__main__":
    sys.exit(main())
