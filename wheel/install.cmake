# What the wheel holds (scikit-build-core installs into its staging directories):
#   scripts/fxlint                          the executable, on PATH once installed (as ruff's wheel does)
#   fxlint/ (platlib)                       the Python package: __main__ (python -m fxlint), the exporter's
#                                           Python half, and _native/ with the modules fxlint loads
#   fxlint.libs/                            added by `auditwheel repair`: the ONNX module's libraries
install(TARGETS fxlint RUNTIME DESTINATION ${SKBUILD_SCRIPTS_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/wheel/python/fxlint DESTINATION ${SKBUILD_PLATLIB_DIR}
        PATTERN __pycache__ EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/exporter/python/fxlint_export.py DESTINATION ${SKBUILD_PLATLIB_DIR}/fxlint)
foreach(module fxlint_cpp_clang fxlint_onnx_tagger)
  if(TARGET ${module})
    install(TARGETS ${module} LIBRARY DESTINATION ${SKBUILD_PLATLIB_DIR}/fxlint/_native)
  endif()
endforeach()
