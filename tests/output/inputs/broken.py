# Output fixture: a syntax error, reported as FX001 while the rest of the run goes on.
class Broken(nn.Module)
    def forward(self, x):
        return x
