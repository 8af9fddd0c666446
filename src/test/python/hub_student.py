"""environment/classroom's JupyterHub for the classroom test and the load benchmark: a class on a
real hub (ClassOnHub: accounts made from a class list of random students, removed after), and a
student as a browser would be one (Student): logs in through the hub's login form, starts their
server through the hub's REST API, and talks to their notebook server's API: kernels started over
HTTP, cells run over the kernel's WebSocket (the Jupyter protocol, as JupyterLab speaks it)."""
import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from backprop_course.classroom import bounds, hub
from backprop_course.classroom.students import crypt_hash


class HubError(AssertionError):
    pass


def form_xsrf(page):
    """The XSRF token a hub page's form posts back (its hidden _xsrf field), or ""."""
    token = re.search(r'name="_xsrf" value="([^"]*)"', page)
    return token.group(1) if token else ""


class ClassOnHub:
    """environment/classroom start with a class list of `size` random students (the first the
    admin) and these options, on a free port; close() stops the hub and removes the accounts."""

    def __init__(self, root, size, options=(), prefix="cls"):
        from notebook_server import free_port
        self.tmp = Path(tempfile.mkdtemp(prefix="course-classroom-"))
        self.tmp.chmod(0o755)
        # start makes the reference answers private: the clone's own modes come back at close()
        self.modes = {path: path.stat().st_mode for path in (Path(root) / name for name in hub.ANSWERS)
                      if path.exists()}
        self.students = {prefix + secrets.token_hex(3): secrets.token_urlsafe(12) for _ in range(size)}
        self.names = list(self.students)
        (self.tmp / "class.txt").write_text("".join(f"{n} {crypt_hash(p)}\n" for n, p in self.students.items()))
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.command = [str(Path(root) / "environment" / "classroom"), "start", str(self.tmp / "class.txt"), "--admin",
                        self.names[0], "--state", str(self.tmp / "state"), "--port", str(port), *options]
        self.hub = None
        try:
            self.start_hub()
        except BaseException:
            self.close()   # no accounts or hub left behind
            raise

    def start_hub(self, seconds=90):
        import requests
        with open(self.tmp / "hub.log", "a") as log:
            self.hub = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.hub.poll() is not None:
                raise HubError("the hub ended: " + self.log())
            try:
                if requests.get(self.base + "/hub/login", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise HubError(f"the hub did not answer within {seconds} s")

    def stop_hub(self):
        """Stops the hub (SIGTERM, as an instructor's Ctrl-C): not the students' servers."""
        self.hub.terminate()
        try:
            self.hub.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.hub.pid, signal.SIGKILL)
            self.hub.wait()

    def log(self):
        return (self.tmp / "hub.log").read_text()[-3000:]

    def student(self, name, password=None):
        return Student(self.base, name, password or self.students[name])

    def _living_processes(self, seconds=10):
        """The students' processes that are not zombies (killed ones get `seconds` to end)."""
        deadline = time.monotonic() + seconds
        while True:
            living = [f"{p.info['username']}'s {p.info['name']} ({p.pid})" for p in psutil.process_iter(["username", "name", "status"])
                      if p.info["username"] in self.students and p.info["status"] != psutil.STATUS_ZOMBIE]
            if not living or time.monotonic() > deadline:
                return living
            time.sleep(0.2)

    def close(self):
        if self.hub is not None:
            try:
                os.killpg(self.hub.pid, signal.SIGTERM)
                self.hub.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for name in self.students:
            subprocess.run(["pkill", "-KILL", "-u", name], check=False)
        the_class = bounds.class_name(self.tmp / "state")
        if bounds.mechanism():
            for name in self.students:   # the students' control groups: what is left in them ended, waited for, removed
                bounds.end_group(bounds.groups(the_class, name))
        bounds.remove_empty(the_class)
        # what the class left on the machine (a test class checks it is nothing): groups, and processes of its
        # students that are not zombies (this machine's PID 1 reaps none)
        self.left = [str(folder) for name in self.students for folder in bounds.groups(the_class, name) if folder.exists()]
        self.left += self._living_processes()
        for name in self.students:
            subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
        for path, mode in self.modes.items():
            path.chmod(mode)
        shutil.rmtree(self.tmp, True)


class Student:

    def __init__(self, base, name, password):
        self.base, self.name, self.password = base, name, password
        self.http = requests.Session()
        self.user = f"{base}/user/{name}"

    def log_in(self):
        """True when the hub let them in (the login form, as a browser posts it: with the form's XSRF token)."""
        form = self.http.get(f"{self.base}/hub/login", timeout=60).text
        self.http.post(f"{self.base}/hub/login?next=", timeout=60, allow_redirects=False,
                       data={"username": self.name, "password": self.password, "_xsrf": form_xsrf(form)})
        return "/hub/login" not in self.http.get(f"{self.base}/hub/home", timeout=60).url

    def xsrf(self, path):
        """The XSRF token the hub's pages (path /hub/) or the student's server's (/user/<name>/) set as a cookie."""
        return next((c.value for c in self.http.cookies if c.name == "_xsrf" and c.path == path), "")

    def hub_api(self, method, path, **kwargs):
        # the hub takes an API request with the login cookie when it carries the token its pages set, as they do
        return self.http.request(method, f"{self.base}/hub/api{path}", timeout=60, **kwargs,
                                 headers={"Referer": f"{self.base}/hub/home", "X-XSRFToken": self.xsrf("/hub/")})

    def start_server(self, seconds=180):
        """Asks the hub's REST API for their server and waits until the hub says it is ready."""
        asked = self.hub_api("POST", f"/users/{self.name}/server")
        if asked.status_code not in (201, 202, 400):   # 400: it runs already
            raise HubError(f"{self.name}: the hub refused a server: {asked.status_code} {asked.text[:300]}")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            model = self.hub_api("GET", f"/users/{self.name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            if not server and not model.get("pending"):
                raise HubError(f"{self.name}: the hub has no server for them and none starting")
            time.sleep(0.5)
        raise HubError(f"{self.name}: no running server after {seconds} s")

    def server_api(self, method, path, **kwargs):
        """Their notebook server's REST API (its own login through the hub, OAuth, on first use)."""
        return self.server(method, f"/api{path}", **kwargs)

    def server(self, method, path, seconds=60, **kwargs):
        """A request to their server, as its pages make one (nbgrader's extensions: /formgrader/api/..., /assignments/...)."""
        if not self.xsrf(f"/user/{self.name}/"):
            self.http.get(f"{self.user}/lab", timeout=60)
        headers = {"X-XSRFToken": self.xsrf(f"/user/{self.name}/")}
        return self.http.request(method, f"{self.user}{path}", headers=headers, timeout=seconds, **kwargs)

    def contents(self, path=""):
        answer = self.server_api("GET", f"/contents/{path}")
        return answer.json() if answer.status_code == 200 else None

    def start_kernel(self, name="java"):
        answer = self.server_api("POST", "/kernels", json={"name": name})
        if answer.status_code != 201:
            raise HubError(f"{self.name}: no kernel: {answer.status_code} {answer.text[:300]}")
        return answer.json()["id"]

    def kernels(self):
        return [k["id"] for k in self.server_api("GET", "/kernels").json()]

    def kernel(self, kernel_id):
        return Kernel(self, kernel_id)


class Kernel:
    """One kernel's WebSocket; run() sends a cell and waits for its reply."""

    def __init__(self, student, kernel_id):
        self.student, self.id = student, kernel_id
        self.session = uuid.uuid4().hex
        self.loop = asyncio.new_event_loop()
        self.socket = None

    def connect(self, seconds=60):
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.student.http.cookies)
        url = self.student.user.replace("http", "ws", 1) + f"/api/kernels/{self.id}/channels?session_id={self.session}"
        request = HTTPRequest(url, headers={"Cookie": cookies, "X-XSRFToken": self.student.xsrf(f"/user/{self.student.name}/")},
                              connect_timeout=seconds, request_timeout=seconds)

        async def connected():   # made inside the loop: tornado's future belongs to the running loop
            return await websocket_connect(request)

        self.socket = self.loop.run_until_complete(connected())
        return self

    def run(self, code, seconds=180):
        """(status, text): the reply's status ("ok" or "error"), and the cell's stream, result and
        error text, as a reader would see them."""
        if self.socket is None:
            self.connect()
        return self.loop.run_until_complete(asyncio.wait_for(self._run(code), seconds))

    async def _run(self, code):
        msg_id = uuid.uuid4().hex
        await self.socket.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                       "username": self.student.name, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        text, status, idle = [], None, False
        while status is None or not idle:
            raw = await self.socket.read_message()
            if raw is None:
                raise HubError(f"{self.student.name}: the kernel's WebSocket closed")
            if not isinstance(raw, str):
                continue   # binary frames (buffers): none of the lessons' cells send any here
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                text.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                text.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                text.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                status = content["status"]
        return status, "".join(text)

    def close(self):
        async def closed():   # inside the loop: tornado closes through the running loop
            self.socket.close()
            reader = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in reader:
                task.cancel()
            await asyncio.gather(*reader, return_exceptions=True)

        if self.socket is not None:
            self.loop.run_until_complete(closed())
        self.loop.close()
