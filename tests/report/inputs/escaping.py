# Source text that is HTML and script: the report must show it as text, never parse or run it. The
# failing line has 2-, 3- and 4-byte UTF-8 characters before the span the page highlights.
import torch
from torch import nn


class ScriptInSource(nn.Module):
    def forward(self, x):
        if "é—𝔁" and x.sum() > 0:  # "</script><script>alert('fxlint')</script>" <img src=x onerror=alert(1)>
            raise ValueError("</script><script>alert('fxlint')</script><!-- & &amp; <b>bold</b>")
        return x


class HoldsScript(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = ScriptInSource()
        self.proj = nn.Linear(4, 4)

    def forward(self, x):
        return self.inner(self.proj(x))  # <img src=x onerror=alert(2)>
