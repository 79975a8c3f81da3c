"""PEP 517 build backend of the fxlint pre-commit hook repository (pyproject.toml beside it says why): the
wheel it builds, fxlint_pre_commit-VERSION-py3-none-any.whl, holds only metadata requiring fxlint==VERSION.
VERSION is fxlint's own, kept equal to CMakeLists.txt's by tests/wheel (case precommit)."""
import base64
import hashlib
import os
import zipfile

VERSION = "0.1.0"
DISTRIBUTION = "fxlint_pre_commit"
DIST_INFO = f"{DISTRIBUTION}-{VERSION}.dist-info"


def _dist_info_files():
    metadata = (f"Metadata-Version: 2.1\nName: fxlint-pre-commit\nVersion: {VERSION}\n"
                "Summary: installs fxlint for its pre-commit hook\n"
                f"Requires-Dist: fxlint=={VERSION}\n")
    wheel = "Wheel-Version: 1.0\nGenerator: fxlint_hook_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    return {f"{DIST_INFO}/METADATA": metadata.encode(), f"{DIST_INFO}/WHEEL": wheel.encode()}


def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    for name, content in _dist_info_files().items():
        path = os.path.join(metadata_directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content)
    return DIST_INFO


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = _dist_info_files()
    record = []
    for name, content in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(content)}")
    record.append(f"{DIST_INFO}/RECORD,,")
    files[f"{DIST_INFO}/RECORD"] = ("\n".join(record) + "\n").encode()
    name = f"{DISTRIBUTION}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, content in files.items():
            wheel.writestr(path, content)
    return name
