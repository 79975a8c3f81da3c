# len() of a traced value (FX104) and iterating over one (FX105): loops, list()/tuple()/zip()/enumerate()/
# any(), comprehensions over split(), `in` on a shape, star-unpacking, ** on a Proxy, and forward(*args)
# or list-typed inputs, which FX turns into one Proxy standing for the whole container.
import torch
import torch.nn as nn


class RowCountNormalize(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        return x.sum(0) / len(x)  # expect: FX104 "len(x)"  # expect[export dynamic=x:0]: EX301 "len(x)"


class FlattenTrailingTwo(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x.flatten(len(x.shape) - 2)  # expect: FX104 "len(x.shape)"


class CountedArgs(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: unknown
    def forward(self, *args):
        return args[0] * len(args)  # expect: FX104 "len(args)"  # expect[export]: FX003


class RowLoop(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        total = torch.zeros_like(x[0])
        for row in x:  # expect: FX105 "x"  # expect[export dynamic=x:0]: EX301 "x"
            total = total + row.relu()
        return total


class ListOfRows(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        rows = list(x)  # expect: FX105 "list(x)"  # expect[export dynamic=x:0]: EX301 "list(x)"
        return torch.stack(rows[::-1])


class ShapeAsTuple(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        shape = tuple(x.shape)  # expect: FX105 "tuple(x.shape)"
        return x.reshape(shape[0], -1)


class PairwiseZip(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0 y:0]: specialized
    def forward(self, x, y):
        return torch.stack([a * b for a, b in zip(x, y)])  # expect: FX105 "zip(x, y)"  # expect[export dynamic=x:0 y:0]: EX301 "zip(x, y)"


class EnumeratedRows(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: specialized
    def forward(self, x):
        out = []
        for i, row in enumerate(x):  # expect: FX105 "enumerate(x)"  # expect[export dynamic=x:0]: EX301 "enumerate(x)"
            out.append(row * i)
        return torch.stack(out)


class AnyPositiveBuiltin(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails
    def forward(self, x):
        # Builtin any() iterates its argument before any bool(): the iteration raises first.
        if any(x > 0):  # expect: FX105 "any(x > 0)"  # expect[export]: EX302
            return x
        return -x


class SplitComprehension(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        parts = [part * 2 for part in x.split(2, 1)]  # expect: FX105 "x.split(2, 1)"
        return torch.cat(parts, 1)


class SizeMembership(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        if 3 in x.shape:  # expect: FX105 "x.shape"
            return x.mean(1)
        return x


class StarUnpackShape(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        batch, *rest = x.shape  # expect: FX105 "x.shape"
        return x.reshape(batch, -1)


class StarArgsFromShape(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x + x.new_ones(*x.shape)  # expect: FX105 "x.shape"


class StarredViewPrefix(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x):
        return x.view(*x.shape[:2], -1)  # expect: FX105 "x.shape[:2]"


class DoubleStarProxy(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, x, options):
        return self.apply_options(x, **options)  # expect: FX105 "options"

    def apply_options(self, x, scale=1.0):
        return x * scale


class VarArgsLoop(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: unknown
    def forward(self, *args):
        total = 0
        for tensor in args:  # expect: FX105 "args"  # expect[export]: FX003
            total = total + tensor
        return total


class ListInputLoop(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def forward(self, features):
        return sum(f.mean() for f in features)  # expect: FX105 "features"


def fxlint_examples():
    matrix = (torch.randn(4, 6),)
    images = (torch.randn(2, 3, 4, 4),)
    return {
        "RowCountNormalize": {"make": RowCountNormalize, "inputs": matrix},
        "FlattenTrailingTwo": {"make": FlattenTrailingTwo, "inputs": images},
        "CountedArgs": {"make": CountedArgs, "inputs": (torch.randn(2), torch.randn(2))},
        "RowLoop": {"make": RowLoop, "inputs": matrix},
        "ListOfRows": {"make": ListOfRows, "inputs": matrix},
        "ShapeAsTuple": {"make": ShapeAsTuple, "inputs": images},
        "PairwiseZip": {"make": PairwiseZip, "inputs": (torch.randn(4, 6), torch.randn(4, 6))},
        "EnumeratedRows": {"make": EnumeratedRows, "inputs": matrix},
        "AnyPositiveBuiltin": {"make": AnyPositiveBuiltin, "inputs": (torch.randn(4),)},
        "SplitComprehension": {"make": SplitComprehension, "inputs": images},
        "SizeMembership": {"make": SizeMembership, "inputs": images},
        "StarUnpackShape": {"make": StarUnpackShape, "inputs": images},
        "StarArgsFromShape": {"make": StarArgsFromShape, "inputs": images},
        "StarredViewPrefix": {"make": StarredViewPrefix, "inputs": images},
        "DoubleStarProxy": {"make": DoubleStarProxy, "inputs": (torch.randn(3), {"scale": 2.0})},
        "VarArgsLoop": {"make": VarArgsLoop, "inputs": (torch.randn(2), torch.randn(2))},
        "ListInputLoop": {"make": ListInputLoop, "inputs": ([torch.randn(2, 3), torch.randn(4)],)},
    }
