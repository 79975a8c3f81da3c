import torch.nn.functional as F

from timm.layers import register_notrace_function


@register_notrace_function
def pad_to_multiple(x, multiple):
    remainder = x.shape[-1] % multiple
    if remainder:
        x = F.pad(x, (0, multiple - remainder))
    return x


def pad_through_helper(x):
    # Called from this module's globals, which FX patches only when a forward of this module runs.
    return pad_to_multiple(x, 8)
