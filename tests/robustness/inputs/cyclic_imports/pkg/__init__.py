# A package whose modules import each other in a cycle, and itself by star import.
from .a import Encoder
from .b import *
