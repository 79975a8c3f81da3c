# A package laid out the way model libraries are: a config module, a backbone module with the base
# class, heads built on it through relative imports, and models re-exported from here. fxlint resolves
# every import from the package layout; the oracle imports the package as real Python does.
from .config import VisionConfig
from .models import ChannelCheckedClassifier, TinyClassifier

__all__ = ["ChannelCheckedClassifier", "TinyClassifier", "VisionConfig"]
