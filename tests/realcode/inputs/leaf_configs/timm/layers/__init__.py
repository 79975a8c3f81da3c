from ._fx import register_notrace_function, register_notrace_module
