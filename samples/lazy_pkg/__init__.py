# A package that imports its submodules on first attribute access (PEP 562's module `__getattr__`), as
# large libraries do to import fast. Its names are bound only under `if TYPE_CHECKING:`, which never
# runs: fxlint reads them there, so a class built on `from . import ConditionalProjection` still has
# known methods and attributes, and `hasattr` on its instances is decided.
import importlib
from typing import TYPE_CHECKING

_SUBMODULE_OF = {"ConditionalProjection": "mixins", "ProjectedEncoder": "models", "PlainEncoder": "models"}

if TYPE_CHECKING:
    from .mixins import ConditionalProjection
    from .models import PlainEncoder, ProjectedEncoder


def __getattr__(name):
    if name not in _SUBMODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_SUBMODULE_OF[name]}", __name__), name)


__all__ = sorted(_SUBMODULE_OF)
