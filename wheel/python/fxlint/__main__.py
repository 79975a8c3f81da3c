"""`python -m fxlint ARGS...`: runs the native executable with the same arguments and exit status."""
import os
import sys

from fxlint import find_fxlint_bin

if __name__ == "__main__":
    binary = find_fxlint_bin()
    os.execv(binary, [binary, *sys.argv[1:]])
