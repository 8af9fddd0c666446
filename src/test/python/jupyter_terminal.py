"""A terminal of a Jupyter server, through Jupyter's terminal API as JupyterLab's Terminal tab uses it
(terminado's messages over a WebSocket: ["stdin", text] in, ["stdout", text] out)."""
import json
import re
import time

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
