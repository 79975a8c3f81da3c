"""The Python half of `fxlint export` from the wheel, run by the installation's own interpreter as a child
of the fxlint executable (exporter/python_worker_session.cpp; docs/exporter.md#from-the-wheel).

It greets the executable with what is missing (torch, onnx, onnxscript) or readiness, then serves one
request per line: `{"method", "args", "bytes_to"?}`, calling that method of fxlint_export.Session ("start"
builds it). Arguments `{"file": path}` are bytes read from that file; a bytes answer is written to
`bytes_to`. Answers: `{"value"}`, `{"user_error"}` (the user's code failed: its traceback), `{"error"}`.
Requests come on the first descriptor given, answers go to the second: stdout and stderr stay the user's.
"""
import importlib.util
import json
import os
import platform
import sys
import traceback

# What fxlint_export needs to capture and convert; onnxruntime (validation) is imported when validating.
REQUIRED_MODULES = ("torch", "onnx", "onnxscript")


def _argument(value):
    if isinstance(value, dict) and "file" in value:
        with open(value["file"], "rb") as data:
            return data.read()
    return value


def _serve(requests, answer):
    from fxlint import fxlint_export
    answer({"ready": True})
    session = None
    for line in requests:
        request = json.loads(line)
        method = request["method"]
        args = [_argument(value) for value in request["args"]]
        try:
            if method == "start":
                session, result = fxlint_export.Session(*args), None
            else:
                result = getattr(session, method)(*args)
        except fxlint_export.UserCodeError as error:
            answer({"user_error": str(error)})
            continue
        except Exception:  # fxlint's helper failed where it did not expect to: the executable reports it
            answer({"error": traceback.format_exc()})
            continue
        if isinstance(result, bytes):
            with open(request["bytes_to"], "wb") as out:
                out.write(result)
            result = None
        answer({"value": result})


def main():
    request_fd, answer_fd = (int(fd) for fd in sys.argv[1:3])
    with os.fdopen(request_fd, "r", encoding="utf-8") as requests, \
            os.fdopen(answer_fd, "w", encoding="utf-8") as answers:
        def answer(message):
            answers.write(json.dumps(message) + "\n")
            answers.flush()

        missing = [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]
        if missing:
            answer({"missing": missing, "version": platform.python_version()})
            return
        try:
            _serve(requests, answer)
        except Exception:
            answer({"error": traceback.format_exc()})
