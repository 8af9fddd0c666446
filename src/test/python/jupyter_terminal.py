"""A terminal of a Jupyter server, through Jupyter's terminal API as JupyterLab's Terminal tab uses it
(terminado's messages over a WebSocket: ["stdin", text] in, ["stdout", text] out)."""
import json
import re
import time
import urllib.request

import websocket

# what a terminal adds around its text: colours, bracketed paste, a window title
CONTROLS = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07")


class Terminal:
    """base: the server's address ending in /; query and headers: its login (?token=…, or a hub's cookies)."""

    def __init__(self, base, name, query="", headers=()):
        self.socket = websocket.create_connection(
            f"{base.replace('http', 'ws', 1)}terminals/websocket/{name}{query}", timeout=5, header=list(headers))

    def typed(self, line, until, seconds=120):
        """What the terminal shows after the line is typed, up to the first match of `until` (a pattern)."""
        self.socket.send(json.dumps(["stdin", line + "\r"]))
        shown, deadline = "", time.monotonic() + seconds
        while not re.search(until, shown):
            if time.monotonic() > deadline:
                raise AssertionError(f"{line!r}: no {until!r} within {seconds} s; the terminal showed {shown[-2000:]!r}")
            try:
                kind, *data = json.loads(self.socket.recv())
            except websocket.WebSocketTimeoutException:
                continue
            if kind == "stdout":
                shown += CONTROLS.sub("", data[0])
        return shown

    def close(self):
        self.socket.close()


def check_the_learners_terminal(test, base, token, workspace):
    """A new terminal of the server at base (Jupyter's terminal API, as a Terminal tab or Notebook 6's
    New → Terminal makes one) opens in the workspace, where the course's commands answer by their bare
    names: `hint 03 1` a first hint that is not the answer, `hint 03 1 2` the next, and only
    `--solution` the reference answer. test: the unittest.TestCase that asserts."""
    api = f"{base}api/terminals?token={token}"
    with urllib.request.urlopen(urllib.request.Request(api, data=b"", method="POST"), timeout=30) as made:
        name = json.load(made)["name"]
    terminal = Terminal(base, name, f"?token={token}")
    test.addCleanup(terminal.close)
    typed = terminal.typed
    here = re.search(r"folder=(/\S+)", typed('echo "folder=$(pwd)"', r"folder=/\S+\s")).group(1)   # not the line typed
    test.assertEqual(here, str(workspace))
    first = typed("hint 03 1", r"the next hint: hint 03 1 2")
    test.assertIn("exercise 1, hint 1 of 2: ", first)
    test.assertNotIn("slope +=", first, "a first hint is not the answer")
    test.assertIn("hint 2 of 2: ", typed("hint 03 1 2", r"the reference answer: hint 03 1 --solution"))
    test.assertIn("slope += -2 * (net.observed[i] - predicted[i]);", typed("hint 03 1 --solution", r"return slope;"))
    with urllib.request.urlopen(urllib.request.Request(f"{base}api/terminals/{name}?token={token}", method="DELETE"),
                                timeout=30):
        pass
