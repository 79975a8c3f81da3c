# EX304 unregistered-pytree-output: torch.export flattens forward's output as a pytree, and raises on an
# object of a class no registration covers. fxlint follows the registrations a module makes when it is
# imported (register_pytree_node, register_dataclass, under an `if` too); one made inside a function
# nobody calls at import does not count. symbolic_trace never consults the registry (FX118). An object
# returned only on a path fxlint cannot decide (a flag it cannot read) makes the verdict unknown.
import sys
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.utils._pytree as pytree


class RunningState:
    """A plain object carrying tensors out of forward."""

    def __init__(self, total):
        self.total = total


class RegisteredState(RunningState):
    pass


class LazilyRegisteredState(RunningState):
    pass


def _flatten(state):
    return [state.total], None


def _unflatten_registered(children, context):
    return RegisteredState(children[0])


def _unflatten_lazy(children, context):
    return LazilyRegisteredState(children[0])


if hasattr(pytree, "register_pytree_node"):
    pytree.register_pytree_node(RegisteredState, _flatten, _unflatten_registered)


def enable_lazy_state_export():
    """Registers LazilyRegisteredState; nothing here calls it, so an export from this module fails."""
    pytree.register_pytree_node(LazilyRegisteredState, _flatten, _unflatten_lazy)


@dataclass
class StepOutput:
    hidden: torch.Tensor
    state: RunningState


torch.export.register_dataclass(StepOutput, serialized_type_name="ex304.StepOutput")


class Accumulator(nn.Module):  # expect-verdict: fails  # expect: FX118  # expect-verdict[export]: fails  # expect[export]: EX304
    def __init__(self, dim=8):
        super().__init__()
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        y = self.proj(x)
        return y, RunningState(y.sum(dim=-1))


class RegisteredAccumulator(Accumulator):  # expect-verdict: fails  # expect: FX118  # expect-verdict[export]: exportable
    def forward(self, x):
        y = self.proj(x)
        return y, RegisteredState(y.sum(dim=-1))


class LazilyRegisteredAccumulator(Accumulator):  # expect-verdict: fails  # expect: FX118  # expect-verdict[export]: fails  # expect[export]: EX304
    def forward(self, x):
        y = self.proj(x)
        return y, LazilyRegisteredState(y.sum(dim=-1))


class StateInsideOutput(Accumulator):  # expect-verdict: fails  # expect: FX118  # expect-verdict[export]: fails  # expect[export]: EX304
    def forward(self, x):
        y = self.proj(x)
        return StepOutput(hidden=y, state=RunningState(y.sum(dim=-1)))


class RegisteredStateInsideOutput(Accumulator):  # expect-verdict: fails  # expect: FX118  # expect-verdict[export]: exportable
    def forward(self, x):
        y = self.proj(x)
        return StepOutput(hidden=y, state=RegisteredState(y.sum(dim=-1)))


class StateOnAnUndecidedPath(Accumulator):  # expect-verdict: unknown  # expect: FX003  # expect-verdict[export]: unknown  # expect[export]: FX003
    def forward(self, x):
        y = self.proj(x)
        state = RunningState(y.sum(dim=-1)) if sys.flags.optimize > 5 else None
        return y, state


class StateOrItsTensors(Accumulator):  # expect-verdict: unknown  # expect: FX003  # expect-verdict[export]: unknown  # expect[export]: FX003
    def forward(self, x):
        y = self.proj(x)
        state = RunningState(y.sum(dim=-1))
        return (y, state.total) if sys.flags.optimize > 5 else state


class StateKeptInside(Accumulator):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def forward(self, x):
        y = self.proj(x)
        state = RunningState(y.sum(dim=-1))
        return y + state.total.unsqueeze(-1)


def fxlint_examples():
    rows = (torch.randn(2, 8),)
    names = ("Accumulator", "RegisteredAccumulator", "LazilyRegisteredAccumulator", "StateInsideOutput",
             "RegisteredStateInsideOutput", "StateOnAnUndecidedPath", "StateOrItsTensors",
             "StateKeptInside")
    return {name: {"make": globals()[name], "inputs": rows} for name in names}
