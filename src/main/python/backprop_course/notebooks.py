"""Run the course's notebooks in real Jupyter and compare or store their outputs.

    python -m backprop_course.notebooks check   [NOTEBOOK ...]   run, compare with the stored outputs
    python -m backprop_course.notebooks refresh [NOTEBOOK ...]   run, store the fresh outputs in place

With no NOTEBOOK, every notebooks/*.ipynb. Both use the kernelspec named in each notebook ("java")
unless --kernel NAME is given. `refresh` keeps cell ids and metadata, writes a notebook only when it
ran to the end, and writes it atomically (a failed run leaves the file as it was).

What "the same output" means (the documented sanitising): execution counts, display ids and
timing metadata are ignored; consecutive stream outputs of the same name are joined into one
(how a kernel splits printed text into messages depends on timing, the text does not); object hashes such as
"BufferedImage@2557878a" are compared as
"BufferedImage@…"; the "Java ..." line that Course.versions() prints is compared as "Java …"
(the tests run each notebook on two JDKs); images (image/png, image/jpeg) are compared by presence, type, a valid
header and (PNG) width and height, not by bytes, because font rendering differs between JDKs. Text, HTML, SVG, LaTeX,
streams, errors and an output's metadata (an image's display width) are compared exactly. Text on stderr is always a mismatch.
"""
import argparse
import base64
import copy
import os
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from backprop_course.paths import NOTEBOOKS

EXACT_MIME_TYPES = ("text/plain", "text/html", "image/svg+xml", "text/latex", "text/markdown", "application/json")
IMAGE_HEADERS = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
OBJECT_HASH = re.compile(r"@[0-9a-f]{5,8}\b")
# Course.versions() prints the JDK that ran the notebook; the stored one ran on the default JDK.
# Set in the kernel's environment, the course library refuses charts that are hard to read (Charts.STRICT).
STRICT_CHARTS = "COURSE_STRICT_CHARTS"
JAVA_VERSION_LINE = re.compile(r"^Java {6}.*$", re.MULTILINE)


def course_notebooks():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def execute(path, kernel_name=None, timeout=600):
    """Runs a copy of one of the course's notebooks top to bottom in its folder, with the course
    library's chart checks on (a chart that is hard to read fails its cell: see Charts.STRICT);
    returns the executed copy."""
    path = Path(path)
    return execute_notebook(nbformat.read(path, as_version=4), path.parent, kernel_name, timeout,
                            kernel_env={STRICT_CHARTS: "1"})


class _LimitedClient(NotebookClient):
    """nbclient's client with two time limits: a cell that runs past its own limit is interrupted, its
    output says so and the run goes on (as nbgrader's Execute does); at the notebook's deadline the run
    stops (CellTimeoutError, the kernel shut down)."""
    deadline = None     # time.monotonic() at which the whole run stops
    cell_limit = None   # seconds one cell may run before it is interrupted
    _interrupt = False  # whether the running cell's timeout is its own limit (not the notebook's)

    def _get_timeout(self, cell):
        left = self.timeout if self.deadline is None else max(1, int(self.deadline - time.monotonic()))
        self._interrupt = self.cell_limit is not None and self.cell_limit < left
        return int(self.cell_limit) if self._interrupt else left

    async def _async_handle_timeout(self, timeout, cell=None):
        self.interrupt_on_timeout = self._interrupt
        if self._interrupt and cell is not None:   # the cell's output says why, before the kernel's "interrupted"
            cell.outputs.append(nbformat.v4.new_output("error", **self.error_on_timeout))
        return await super()._async_handle_timeout(timeout, cell)


# seconds a kernel has to start and answer: nbclient's default, 60 s, is too short for a sandboxed kernel
# on a class's busy machine (a test run with six groups side by side took longer)
KERNEL_START_LIMIT = 180


def execute_notebook(nb, folder, kernel_name=None, timeout=600, allow_errors=False, time_limit=None, kernel_env=None,
                     kernel_manager_class=None, cell_limit=None):
    """Runs a copy of a notebook read earlier, as if it lay in `folder`; returns the executed copy.
    With allow_errors, a failing cell does not stop the run (its error is in its outputs).
    With time_limit (seconds, for the whole notebook), each cell gets what is left of it, and
    nbclient raises CellTimeoutError (shutting the kernel down) at the limit; the error's `partial`
    is the copy with the outputs of the cells that ran. kernel_env adds environment variables to the
    kernel's; kernel_manager_class, jupyter_client's, starts the kernel (grading's sandbox has its own).
    With cell_limit (seconds), a cell still running after it is interrupted, with an error saying so,
    and the next cell runs (what is left of time_limit still bounds the whole run)."""
    # A kernel that dies before it answers has most often lost a port: jupyter_client picks free ports
    # and lets them go before the kernel binds them, and on a busy machine another process may take one
    # in between ("Address already in use" in the kernel's output). A second start gets new ports.
    for attempt in (1, 2):
        try:
            return _execute(nb, folder, kernel_name, timeout, allow_errors, time_limit, kernel_env,
                            kernel_manager_class, cell_limit)
        except RuntimeError as e:
            if attempt == 2 or "died before replying to kernel_info" not in str(e):
                raise


def _execute(nb, folder, kernel_name, timeout, allow_errors, time_limit, kernel_env, kernel_manager_class, cell_limit):
    fresh = copy.deepcopy(nb)
    for cell in fresh.cells:   # a run of its own: what an earlier run left says nothing about this one
        if cell.cell_type == "code":
            cell.execution_count = None
            cell.outputs = []
    limits = {}
    if cell_limit is not None:
        limits["error_on_timeout"] = {"ename": "CellTimeoutError", "traceback": [],
                                      "evalue": f"the cell ran longer than {cell_limit:g} s and was stopped (an endless loop?)"}
    client = _LimitedClient(
        fresh,
        timeout=timeout,
        startup_timeout=KERNEL_START_LIMIT,
        kernel_name=kernel_name or nb.metadata.get("kernelspec", {}).get("name", "java"),
        resources={"metadata": {"path": str(folder)}},
        record_timing=False,
        allow_errors=allow_errors,
        **limits,
        **({"kernel_manager_class": kernel_manager_class} if kernel_manager_class else {}),
    )
    client.deadline = None if time_limit is None else time.monotonic() + time_limit
    client.cell_limit = cell_limit
    try:
        client.execute(env={**os.environ, **(kernel_env or {})})
    except Exception as e:   # a time-out, a dead kernel: what ran before it is kept with the error
        _raise_if_interrupted(client, e)
        e.partial = fresh
        raise
    _raise_if_interrupted(client)
    return fresh


def _raise_if_interrupted(client, cause=None):
    """KeyboardInterrupt if Ctrl-C (or SIGTERM) came while the notebook ran: nbclient's own handler then
    shut the kernel down (it sets the future below, and nothing else does), and the run's failure is
    the interruption's, not the notebook's."""
    if getattr(client, "_async_cleanup_kernel_future", None) is not None:
        raise KeyboardInterrupt("interrupted while the notebook ran") from cause


def sanitise(text):
    return JAVA_VERSION_LINE.sub("Java      …", OBJECT_HASH.sub("@…", text))


def multiline_text(value):
    """A notebook's text, stored as one string or as a list of lines, as one string."""
    return "".join(value) if isinstance(value, list) else str(value)


def _first_difference(stored, fresh):
    a, b = stored.splitlines(), fresh.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: stored {x[:200]!r}, fresh {y[:200]!r}"
    if len(a) != len(b):
        i = min(len(a), len(b))
        extra = a[i] if len(a) > len(b) else b[i]
        return f"line {i + 1}: {'only stored' if len(a) > len(b) else 'only fresh'} has {extra[:200]!r}"
    return "whitespace at the end differs"


def _image(mime, data):
    """(problem, size): size is (width, height) for a PNG, None otherwise."""
    try:
        raw = base64.b64decode(multiline_text(data).replace("\n", ""), validate=False)
    except ValueError as e:
        return f"{mime} is not valid base64 ({e})", None
    if not raw.startswith(IMAGE_HEADERS[mime]):
        return f"{mime} does not start with a {mime} header", None
    if mime == "image/png":
        problem = png_problem(raw)
        return problem, None if problem else (int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big"))
    return None, None


def png_problem(raw):
    """What makes a PNG incomplete, or None: every chunk whole with its checksum (CRC-32), the image
    data one complete zlib stream, IEND last (the PNG specification, section 5). A browser draws a PNG
    that lacks its last bytes; other readers refuse it."""
    at, chunks, data = 8, [], b""
    while at < len(raw):
        if at + 12 > len(raw):
            return f"image/png is cut short: its last chunk lacks {at + 12 - len(raw)} of its bytes"
        length, kind = int.from_bytes(raw[at:at + 4], "big"), raw[at + 4:at + 8]
        body, crc = raw[at + 8:at + 8 + length], raw[at + 8 + length:at + 12 + length]
        if len(body) < length or len(crc) < 4:
            return f"image/png is cut short in its {kind.decode('latin-1')} chunk ({len(raw)} bytes)"
        if zlib.crc32(kind + body).to_bytes(4, "big") != crc:
            return f"image/png's {kind.decode('latin-1')} chunk has a wrong checksum"
        chunks.append(kind)
        data += body if kind == b"IDAT" else b""
        at += 12 + length
    if not chunks or chunks[0] != b"IHDR" or chunks[-1] != b"IEND":
        return f"image/png's chunks are {[c.decode('latin-1') for c in chunks]}: IHDR first and IEND last expected"
    pixels = zlib.decompressobj()
    try:
        pixels.decompress(data)
    except zlib.error as e:
        return f"image/png's image data is not valid zlib ({e})"
    return None if pixels.eof else "image/png's image data stops before its zlib stream ends"


def _describe(output):
    kind = output.get("output_type")
    if kind == "stream":
        return f"stream {output.get('name')}"
    if kind == "error":
        return f"error {output.get('ename')}"
    return f"{kind} [{', '.join(sorted(output.get('data', {})))}]"


def compare_outputs(stored_output, fresh_output):
    """The first way two outputs differ, or None."""
    kind = stored_output.get("output_type")
    if kind != fresh_output.get("output_type"):
        return f"stored {_describe(stored_output)}, fresh {_describe(fresh_output)}"
    if kind == "stream":
        if stored_output.get("name") != fresh_output.get("name"):
            return f"stored {_describe(stored_output)}, fresh {_describe(fresh_output)}"
        a, b = sanitise(multiline_text(stored_output["text"])), sanitise(multiline_text(fresh_output["text"]))
        return None if a == b else f"{stored_output['name']} {_first_difference(a, b)}"
    if kind == "error":
        a = f"{stored_output.get('ename')}: {stored_output.get('evalue')}"
        b = f"{fresh_output.get('ename')}: {fresh_output.get('evalue')}"
        return None if sanitise(a) == sanitise(b) else f"error {_first_difference(a, b)}"
    stored_data, fresh_data = stored_output.get("data", {}), fresh_output.get("data", {})
    if set(stored_data) != set(fresh_data):
        return f"stored {_describe(stored_output)}, fresh {_describe(fresh_output)}"
    if stored_output.get("metadata", {}) != fresh_output.get("metadata", {}):
        return f"metadata stored {stored_output.get('metadata', {})}, fresh {fresh_output.get('metadata', {})}"
    for mime in sorted(stored_data):
        if mime in IMAGE_HEADERS:
            (fresh_problem, fresh_size), (stored_problem, stored_size) = _image(mime, fresh_data[mime]), _image(mime, stored_data[mime])
            if fresh_problem or stored_problem:
                return fresh_problem or stored_problem
            if fresh_size != stored_size:
                return f"{mime} is {fresh_size[0]}×{fresh_size[1]} now, {stored_size[0]}×{stored_size[1]} stored"
        elif mime in EXACT_MIME_TYPES or mime.startswith("text/"):
            a, b = sanitise(multiline_text(stored_data[mime])), sanitise(multiline_text(fresh_data[mime]))
            if a != b:
                return f"{mime} {_first_difference(a, b)}"
    return None


def coalesce_streams(outputs):
    """Joins consecutive stream outputs of the same name (stdout after stdout) into one."""
    joined = []
    for output in outputs:
        if (output.get("output_type") == "stream" and joined and joined[-1].get("output_type") == "stream"
                and joined[-1].get("name") == output.get("name")):
            joined[-1] = dict(joined[-1], text=multiline_text(joined[-1]["text"]) + multiline_text(output["text"]))
        else:
            joined.append(output)
    return joined


def compare(stored_nb, fresh_nb, name="notebook"):
    """Every difference between the stored and the fresh outputs, one line each."""
    problems = []
    if len(stored_nb.cells) != len(fresh_nb.cells):
        return [f"{name}: {len(stored_nb.cells)} cells stored, {len(fresh_nb.cells)} after running"]
    for index, (stored, fresh) in enumerate(zip(stored_nb.cells, fresh_nb.cells)):
        if stored.cell_type != "code":
            continue
        where = f"{name}, cell {index + 1} (id {stored.get('id', '?')})"
        for output in fresh.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"{where}: text on stderr: {multiline_text(output['text'])[:200]!r}")
        stored_outputs = coalesce_streams(stored.get("outputs", []))
        fresh_outputs = coalesce_streams(fresh.get("outputs", []))
        for i, (a, b) in enumerate(zip(stored_outputs, fresh_outputs)):
            difference = compare_outputs(a, b)
            if difference:
                problems.append(f"{where}, output {i + 1}: {difference}")
                break
        else:
            if len(stored_outputs) != len(fresh_outputs):
                problems.append(f"{where}: {len(stored_outputs)} outputs stored, {len(fresh_outputs)} after running: "
                                f"stored [{'; '.join(map(_describe, stored_outputs))}], "
                                f"fresh [{'; '.join(map(_describe, fresh_outputs))}]")
    return problems


def refresh(path, kernel_name=None):
    """Runs the notebook and stores its fresh outputs in place, keeping ids and metadata."""
    path = Path(path)
    fresh = execute(path, kernel_name)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
            cell.outputs = [nbformat.from_dict(o) for o in coalesce_streams(cell.outputs)]
    nbformat.validate(fresh)
    write_atomically(fresh, path)


def write_atomically(nb, path):
    """Writes the notebook to path through a temporary file beside it, so that path holds either
    its old contents or the new ones, never half of them; an existing file keeps its permissions."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as tmp:
        nbformat.write(nb, tmp)
    os.chmod(tmp.name, mode)      # (a temporary file is private to its owner)
    os.replace(tmp.name, path)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m backprop_course.notebooks", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["check", "refresh"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--kernel", help="kernelspec to run with (default: the notebook's own)")
    args = parser.parse_args(argv)
    paths = args.notebooks or course_notebooks()
    failed = 0
    for path in paths:
        if not path.is_file():
            print(f"{path}: no such notebook", file=sys.stderr)
            failed += 1
            continue
        try:
            if args.command == "refresh":
                refresh(path, args.kernel)
                print(f"{path}: outputs stored")
            else:
                problems = compare(nbformat.read(path, as_version=4), execute(path, args.kernel), str(path))
                print(f"{path}: " + ("same outputs" if not problems else "\n  ".join(["DIFFERENT"] + problems)))
                failed += bool(problems)
        except CellExecutionError as e:
            print(f"{path}: a cell failed, nothing written:\n{e}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
