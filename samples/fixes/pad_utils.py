# Helpers for imported_helpers.py: a module-level function whose hazard has no local rewrite. Its
# callers import it by name, so the torch.fx.wrap fix goes in their module, not here (wrap patches the
# globals of the module it runs in).
import torch.nn.functional as F


def pad_to_even(x):
    if x.shape[-1] % 2:  # expect: FX101 "x.shape[-1]"
        x = F.pad(x, (0, 1))
    return x
