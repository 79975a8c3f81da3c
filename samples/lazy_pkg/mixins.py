# The mixin the lazy package hands out: an optional projection that exists only when configured.
import torch.nn as nn


class ConditionalProjection:
    def add_projection(self, width, hidden):
        if width != hidden:
            self.projection = nn.Linear(width, hidden)

    def project(self, x):
        return self.projection(x) if hasattr(self, "projection") else x
