# A stand-in for timm's FX helpers (timm is not a dependency of this project): the same module layout,
# timm.layers._fx re-exported from timm.layers, so that fxlint resolves the decorators by their
# qualified names exactly as it would in a project vendoring or installing timm.
