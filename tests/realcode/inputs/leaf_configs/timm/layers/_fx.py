# Registrations a tracer reads: timm passes _leaf_modules as leaf_modules and _autowrap_functions as
# autowrap_functions to torchvision's feature-extraction tracer.
_leaf_modules = set()
_autowrap_functions = set()


def register_notrace_module(module):
    _leaf_modules.add(module)
    return module


def register_notrace_function(function):
    _autowrap_functions.add(function)
    return function
