"""The course's widgets over Jupyter's comm protocol, with jupyter_client playing a widget front end:
JupyterLab 4 and Notebook 7 (ipywidgets 8's protocol 2.1.0: the control comm when the notebook
connects, models of @jupyter-widgets/controls 2.0.0, binary buffers, update and request_state) and
Debian's Jupyter Notebook 6 (jupyter-js-widgets 2.1.4, ipywidgets 6.0's protocol: the version check,
backbone syncs). comm_info, a widget's comms opened with their state, a slider moved and the view
redrawn, values clamped, errors under the widget, Kernel → Interrupt, comm_close, a message for no
comm, malformed and misdirected messages. Where no front end says it draws widgets (nbclient,
nbconvert, the grader) the cell shows a still chart instead. On every test JDK. The real front ends
in Chromium are test_lab_app's and test_notebook_app's."""
import base64
import struct
import tempfile
import time
import unittest
from queue import Empty

from kernel_session import KernelSession
from test_support import JAR, per_jdk

SETUP = f"%classpath {JAR}\nimport backprop.course.*;\nimport backprop.course.widgets.*;\nimport org.knowm.xchart.*;"
# a chart whose title says the slider's value, so that a redraw can be told from the last one
CHART = """ChartImage chartFor(double w) {
    XYChart chart = Charts.lineChart("w = " + w, "x", "y");
    chart.addSeries("w·x", new double[] {0, 1, 2}, new double[] {0, w, 2 * w});
    return Charts.image(chart);
}"""


def png_size(b64):
    data = base64.b64decode(b64)
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG"
    return struct.unpack(">II", data[16:24])


class Widgets:
    major = None

    def setUp(self):
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.k = KernelSession(self.major, stderr=self.stderr)
        self.kc = self.k.kc
        self.assertEqual(self.k.run(SETUP)[0]["status"], "ok")

    def tearDown(self):
        self.k.close()
        self.stderr.close()

    # ---- the front end's side ------------------------------------------------------------------

    def send(self, msg_type, content):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def published(self, parent, timeout=20):
        """What the kernel publishes for one request, until its idle status (which must come)."""
        messages, deadline = [], time.monotonic() + timeout
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except Empty:
                raise AssertionError(f"no idle status for {parent} within {timeout} s") from None
            if msg["parent_header"].get("msg_id") != parent:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return messages
            if msg["msg_type"] != "status":
                messages.append(msg)

    def check_widget_protocol(self, validated=True):
        """The widgets extension's version check, as Notebook's front end makes it on connecting."""
        opened = self.send("comm_open", {"comm_id": "version-check", "target_name": "jupyter.widget.version", "data": {}})
        [version] = self.published(opened)
        self.assertEqual(version["msg_type"], "comm_msg")
        self.assertEqual(version["content"]["data"], {"version": "~2.1.4"})
        self.published(self.send("comm_msg", {"comm_id": "version-check", "data": {"validated": validated}}))

    def state(self, message):
        """A comm_open's or an update's widget state, as the front end reads it (buffers in place)."""
        return message["content"]["data"]

    def show(self, code):
        """Runs a cell that shows a widget: {model name: [comm ids]}, the root's id and the cell's outputs."""
        reply, outputs = self.k.run(code, timeout=60)
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        models = {}
        for m in outputs:
            if m["msg_type"] == "comm_open":
                self.assertEqual(m["content"]["target_name"], "jupyter.widget")
                models.setdefault(self.state(m)["_model_name"], []).append(m["content"]["comm_id"])
        self.assertEqual([m for m in outputs if m["msg_type"] == "execute_result"], [],
                         "Notebook would give the widget an empty Out[n] prompt")
        [result] = [m for m in outputs if m["msg_type"] == "display_data"]
        return models, result["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"], outputs

    def moved(self, value):
        """What the front end sends when the learner moves a control to value."""
        return {"method": "backbone", "sync_method": "update", "sync_data": {"value": value}}

    def move(self, comm_id, value):
        """The learner moves a control: its new value, then {comm id: [states sent]} of the kernel's answer."""
        parent = self.send("comm_msg", {"comm_id": comm_id, "data": self.moved(value)})
        updates = {}
        for m in self.published(parent):
            self.assertEqual(m["msg_type"], "comm_msg")
            self.assertEqual(m["content"]["data"]["method"], "update")
            updates.setdefault(m["content"]["comm_id"], []).append(m["content"]["data"]["state"])
        return updates

    def comm_info(self):
        self.send("comm_info_request", {"target_name": "jupyter.widget"})
        while True:
            reply = self.kc.get_shell_msg(timeout=10)
            if reply["msg_type"] == "comm_info_reply":
                return set(reply["content"]["comms"])

    # ---- the tests -------------------------------------------------------------------------------

    def test_without_a_widget_front_end_the_cell_shows_the_chart_and_one_line(self):
        self.k.run(CHART)
        reply, outputs = self.k.run('Interact.show(Slider.of("w", 0, 10, 2), w -> chartFor(w))')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], ["stream", "execute_result"])
        self.assertEqual(self.k.stream(outputs), "Shown for w = 2: in JupyterLab or Jupyter Notebook with the course's kernel, "
                                                 "a slider here redraws it as you drag.\n")
        data = outputs[1]["content"]["data"]
        self.assertIn('Chart "w = 2.0"', data["text/plain"])
        self.assertEqual(png_size(data["image/png"]), (1280, 800))
        self.assertEqual(self.comm_info(), set())

    def test_a_front_end_of_another_widget_version_gets_the_still_chart(self):
        self.check_widget_protocol(validated=False)
        reply, outputs = self.k.run('Interact.show(Slider.of("w", 0, 10, 2), w -> "w = " + w)')
        self.assertEqual([m["msg_type"] for m in outputs], ["stream", "execute_result"])
        self.assertTrue(self.k.stream(outputs).startswith("Shown for w = 2"))

    def test_a_slider_opens_its_models_redraws_its_chart_and_closes(self):
        self.check_widget_protocol()
        self.k.run(CHART)
        models, root, outputs = self.show('var lr = Slider.of("w", 0, 10, 2);\n'
                                          'var shown = Interact.show(lr, w -> chartFor(w));\nshown')
        self.assertEqual(set(models), {"VBoxModel", "HBoxModel", "LabelModel", "FloatSliderModel", "ImageModel",
                                       "HTMLModel", "LayoutModel"})
        self.assertEqual(models["VBoxModel"], [root])
        display = [m for m in outputs if m["msg_type"] == "comm_msg"]
        self.assertEqual([(m["content"]["comm_id"], m["content"]["data"]) for m in display], [(root, {"method": "display"})])
        result = [m for m in outputs if m["msg_type"] == "display_data"][0]["content"]["data"]
        self.assertNotIn("text/plain", result, "Notebook would print it under the widget")
        opened = {m["content"]["comm_id"]: m["content"]["data"] for m in outputs if m["msg_type"] == "comm_open"}
        self.assertEqual(self.comm_info(), set(opened))
        [slider], [image] = models["FloatSliderModel"], models["ImageModel"]
        self.assertEqual((opened[slider]["min"], opened[slider]["max"], opened[slider]["value"]), (0.0, 10.0, 2.0))
        self.assertEqual(opened[image]["width"], "640")
        first_png = opened[image]["_b64value"]
        [value_label] = [i for i in models["LabelModel"] if opened[i]["value"] == "2"]

        updates = self.move(slider, 5.0)
        self.assertEqual(updates[value_label], [{"value": "5"}])
        self.assertNotEqual(updates[image][-1]["_b64value"], first_png)
        self.assertEqual(png_size(updates[image][-1]["_b64value"]), (1280, 800))
        self.assertEqual(self.k.value("lr.value()"), "5.0", "the cell's code reads the value the learner set")

        updates = self.move(slider, 50.0)   # beyond the range: clamped, and the slider put back
        self.assertEqual(updates[slider], [{"value": 10.0}])
        self.assertEqual(updates[value_label], [{"value": "10"}])

        threads = self.k.value("Thread.activeCount()")
        for w in range(20):
            self.move(slider, float(w % 10))
        self.assertEqual(self.k.value("Thread.activeCount()"), threads, "a redraw leaves no thread behind")

        closed = self.send("comm_close", {"comm_id": image, "data": {}})   # the front end closes one model
        self.published(closed)
        self.assertNotIn(image, self.comm_info())
        reply, outputs = self.k.run("((Widget) shown).close()")   # the cell's code closes the whole widget
        self.assertEqual(reply["status"], "ok")
        self.assertEqual({m["content"]["comm_id"] for m in outputs if m["msg_type"] == "comm_close"},
                         set(opened) - {image})
        self.assertEqual(self.comm_info(), set())

    def test_a_view_that_throws_shows_its_error_with_the_cell_line_and_keeps_working(self):
        self.check_widget_protocol()
        models, _, _ = self.show('Interact.show(IntSlider.of("n", 0, 5, 1), n -> {\n'
                                 '    if (n == 3) throw new IllegalStateException("three is not allowed");\n'
                                 '    return "n = " + n;\n})')
        [slider] = models["IntSliderModel"]
        view, problem = models["HTMLModel"]
        updates = self.move(slider, 3)
        error = updates[problem][-1]["value"]
        self.assertIn("IllegalStateException: three is not allowed", error)
        self.assertRegex(error, r"cell \[\d+\], line 2")
        self.assertNotIn("backprop.", error, "the widget library's and the kernel's frames are cut off")
        self.assertNotIn(view, updates, "the view keeps what it showed")
        updates = self.move(slider, 4)
        self.assertIn("n = 4", updates[view][-1]["value"])
        self.assertEqual(updates[problem][-1]["value"], "")

    def test_kernel_interrupt_stops_a_redraw_that_never_ends(self):
        self.check_widget_protocol()
        models, _, _ = self.show('Interact.show(IntSlider.of("n", 0, 5, 1), n -> {\n'
                                 '    while (n == 5) { }\n    return "n = " + n;\n})')
        [slider] = models["IntSliderModel"]
        problem = models["HTMLModel"][1]
        parent = self.send("comm_msg", {"comm_id": slider, "data": self.moved(5)})
        time.sleep(1)
        self.k.km.interrupt_kernel()
        states = [m["content"]["data"]["state"] for m in self.published(parent, timeout=15)
                  if m["content"].get("comm_id") == problem]
        self.assertIn("interrupted", states[-1]["value"])
        self.assertIn("n = 2", self.move(slider, 2)[models["HTMLModel"][0]][-1]["value"])
        self.assertEqual(self.k.value("1 + 1"), "2")

    def test_a_message_for_no_comm_is_ignored_and_logged(self):
        parent = self.send("comm_msg", {"comm_id": "no-such-comm", "data": {"method": "backbone"}})
        self.assertEqual(self.published(parent), [])
        opened = self.send("comm_open", {"comm_id": "x", "target_name": "no.such.target", "data": {}})
        [close] = self.published(opened)
        self.assertEqual((close["msg_type"], close["content"]["comm_id"]), ("comm_close", "x"))
        self.assertEqual(self.k.value("6 * 7"), "42")
        self.stderr.seek(0)
        log = self.stderr.read()
        self.assertIn("ignored a message for comm no-such-comm, which is not open", log)
        self.assertIn("no.such.target, a target this kernel does not have", log)

    def test_widgets_opened_and_closed_many_times_leave_no_memory_or_threads(self):
        self.check_widget_protocol()
        self.k.run(CHART)
        threads = self.k.value("Thread.activeCount()")
        reply, _ = self.k.run(
            'List<java.lang.ref.WeakReference<Object>> kept = new ArrayList<>();\n'
            'for (int i = 0; i < 50; i++) {   // every one must be let go: 50 find a leak as 200 would\n'
            '    Interact widget = (Interact) Interact.show(Slider.of("w", 0, 10, i % 10), w -> chartFor(w));\n'
            '    widget.modelId();   // its comms opened, as when shown\n'
            '    kept.add(new java.lang.ref.WeakReference<>(widget));\n'
            '    widget.close();\n'
            '}\n'
            'for (int i = 0; i < 5 && kept.stream().anyMatch(r -> r.get() != null); i++) System.gc();', timeout=120)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.k.value("kept.stream().filter(r -> r.get() != null).count()"), "0",
                         "a closed widget is let go (its chart's PNG with it)")
        self.assertEqual(self.k.value("Thread.activeCount()"), threads)
        self.assertEqual(self.comm_info(), set())


class LabWidgets(Widgets):
    """ipywidgets 8's protocol, as JupyterLab 4 and Notebook 7 speak it (jupyterlab_widgets 3,
    @jupyter-widgets/base-manager's _loadFromKernel, read from their sources)."""

    def connect_front_end(self):
        """What the widget manager does when a notebook connects: opens the control comm and asks it
        for every widget's state. Returns what the kernel answered."""
        opened = self.send("comm_open", {"comm_id": "control", "target_name": "jupyter.widget.control", "data": {}},
                           metadata={"version": "1.0.0"})
        self.assertEqual(self.published(opened), [])
        return self.published(self.send("comm_msg", {"comm_id": "control", "data": {"method": "request_states"}}))

    def send(self, msg_type, content, metadata=None, buffers=None):
        msg = self.kc.session.msg(msg_type, content, metadata=metadata or {})
        if buffers:
            msg["buffers"] = buffers
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def state(self, message):
        data = message["content"]["data"]
        state = dict(data["state"])
        self.assertEqual(len(data["buffer_paths"]), len(message["buffers"]))
        for [key], buffer in zip(data["buffer_paths"], message["buffers"]):
            state[key] = bytes(buffer)
        return state

    def check_widget_protocol(self):
        self.connect_front_end()

    def moved(self, value):
        return {"method": "update", "state": {"value": value}, "buffer_paths": []}

    def move(self, comm_id, value):
        parent = self.send("comm_msg", {"comm_id": comm_id, "data": self.moved(value)})
        updates = {}
        for m in self.published(parent):
            self.assertEqual((m["msg_type"], m["content"]["data"]["method"]), ("comm_msg", "update"))
            updates.setdefault(m["content"]["comm_id"], []).append(self.state(m))
        return updates

    def test_the_control_comm_is_answered_and_a_slider_redraws_its_chart(self):
        [answer] = self.connect_front_end()   # no widget yet: no states
        self.assertEqual(answer["content"]["data"], {"method": "update_states", "states": {}, "buffer_paths": []})
        self.k.run(CHART)
        models, root, outputs = self.show('var lr = Slider.of("w", 0, 10, 2);\n'
                                          'var shown = Interact.show(lr, w -> chartFor(w));\nshown')
        self.assertEqual(set(models), {"VBoxModel", "HBoxModel", "LabelModel", "FloatSliderModel", "ImageModel",
                                       "HTMLModel", "LayoutModel", "SliderStyleModel", "LabelStyleModel", "HTMLStyleModel"})
        opens = [m for m in outputs if m["msg_type"] == "comm_open"]
        self.assertEqual({m["metadata"]["version"] for m in opens}, {"2.1.0"})
        self.assertEqual({self.state(m)["_model_module"] for m in opens}, {"@jupyter-widgets/controls", "@jupyter-widgets/base"})
        self.assertEqual([m for m in outputs if m["msg_type"] == "comm_msg"], [], "no 'display' message: Notebook 6's way")
        result = [m for m in outputs if m["msg_type"] == "display_data"][0]["content"]["data"]
        self.assertEqual(result["application/vnd.jupyter.widget-view+json"],
                         {"model_id": root, "version_major": 2, "version_minor": 0})
        self.assertEqual(result["text/plain"], "Interact: w = 2", "what a reader without widgets sees")
        opened = {m["content"]["comm_id"]: self.state(m) for m in opens}
        [slider], [image] = models["FloatSliderModel"], models["ImageModel"]
        self.assertEqual((opened[slider]["min"], opened[slider]["max"], opened[slider]["value"]), (0.0, 10.0, 2.0))
        self.assertEqual(png_size(base64.b64encode(opened[image]["value"])), (1280, 800))
        [value_label] = [i for i in models["LabelModel"] if opened[i]["value"] == "2"]

        updates = self.move(slider, 5.0)
        self.assertEqual(updates[value_label], [{"value": "5"}])
        self.assertNotEqual(updates[image][-1]["value"], opened[image]["value"])
        self.assertEqual(png_size(base64.b64encode(updates[image][-1]["value"])), (1280, 800))
        self.assertEqual(self.k.value("lr.value()"), "5.0")

        # the page loaded again: the control comm gives every widget's whole state in one message
        [states] = self.connect_front_end()
        data = states["content"]["data"]
        self.assertEqual((states["msg_type"], data["method"]), ("comm_msg", "update_states"))
        self.assertEqual(set(data["states"]), set(opened), "every open widget, and only those")
        self.assertEqual(self.comm_info(), set(opened))
        for model_id, entry in data["states"].items():
            self.assertEqual((entry["model_name"], entry["model_module"], entry["model_module_version"]),
                             tuple(opened[model_id][k] for k in ("_model_name", "_model_module", "_model_module_version")))
        self.assertEqual(data["states"][slider]["state"]["value"], 5.0)
        self.assertEqual(len(data["buffer_paths"]), len(states["buffers"]))
        binary = {tuple(path): bytes(buffer) for path, buffer in zip(data["buffer_paths"], states["buffers"])}
        self.assertEqual(binary[(image, "state", "value")], updates[image][-1]["value"], "the image as it is now")
        # and each widget the kernel lists gives its own state when asked (the protocol's other way)
        asked = self.send("comm_msg", {"comm_id": image, "data": {"method": "request_state"}})
        [whole] = self.published(asked)
        self.assertEqual(whole["parent_header"]["msg_id"], asked, "the front end matches the answer to its request")
        self.assertEqual(self.state(whole)["value"], updates[image][-1]["value"])
        self.assertEqual(self.state(whole)["_model_name"], "ImageModel")

    def test_bad_messages_on_the_new_surface_are_logged_and_the_session_keeps_its_variables(self):
        self.k.run("int kept = 7;")
        self.connect_front_end()
        models, _, _ = self.show('Interact.show(IntSlider.of("n", 0, 5, 1), n -> "n = " + n)')
        [slider] = models["IntSliderModel"]
        view = models["HTMLModel"][0]
        self.assertEqual(self.published(self.send("comm_msg", {"comm_id": slider, "data": {
            "method": "update", "state": {"value": 3}, "buffer_paths": [["value"]]}})), [])   # a path without its buffer
        self.assertEqual(self.published(self.send("comm_msg", {"comm_id": slider, "data": {
            "method": "update", "state": {"value": 3}, "buffer_paths": "value"}}, buffers=[b"x"])), [])
        self.assertEqual(self.published(self.send("comm_msg", {"comm_id": slider, "data": {
            "method": "echo_update", "state": {"value": 4}, "buffer_paths": []}})), [])
        self.assertEqual(self.published(self.send("comm_msg", {"comm_id": "no-such-model", "data": {
            "method": "update", "state": {"value": 4}}})), [])
        opened = self.send("comm_open", {"comm_id": "c2", "target_name": "jupyter.widget.control", "data": {}})
        self.published(opened)
        self.assertEqual(self.published(self.send("comm_msg", {"comm_id": "c2", "data": {"method": "what"}})), [])
        self.assertIn("n = 4", self.move(slider, 4)[view][-1]["value"], "the slider works after them")
        self.assertEqual(self.k.value("kept"), "7")
        self.stderr.seek(0)
        log = self.stderr.read()
        self.assertIn("do not name its 0 buffers", log)
        self.assertIn("do not name its 1 buffers", log)
        self.assertIn("ignored an echo_update from the front end", log)
        self.assertIn("ignored a message for comm no-such-model", log)
        self.assertIn("ignored a message on the widget control comm", log)

    def test_comm_info_reply_says_ok(self):
        self.send("comm_info_request", {})
        while True:
            reply = self.kc.get_shell_msg(timeout=10)
            if reply["msg_type"] == "comm_info_reply":
                break
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})

    # the tests of ipywidgets 6's front end that need its version check are not for this one
    test_a_front_end_of_another_widget_version_gets_the_still_chart = None
    test_a_slider_opens_its_models_redraws_its_chart_and_closes = None


per_jdk(globals(), Widgets, LabWidgets)

if __name__ == "__main__":
    unittest.main()
