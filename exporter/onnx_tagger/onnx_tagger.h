// C interface of the ONNX tagging module (Debian's libonnx 1.12). The module is loaded with dlopen
// (RTLD_LOCAL | RTLD_DEEPBIND) so that its onnx:: and protobuf symbols never meet the venv's onnx and
// torch extensions, which export their own, other versions of both.
#pragma once

#include <cstddef>

extern "C" {
// Sets node doc_strings and model metadata_props from `edits_json`:
//   {"doc_strings": {"node name": "text"}, "metadata": {"key": "value"}}
// Unknown fields of newer ONNX versions (node metadata_props, ...) are kept as they are. Returns 0 and
// the new model in *out (free with fxlint_onnx_free), or nonzero with a message in *error.
int fxlint_onnx_tag(const char* model, size_t size, const char* edits_json, char** out, size_t* out_size,
                    char** error);
// This ONNX library's checker and strict shape inference; only for opsets it knows (<= 17).
int fxlint_onnx_check(const char* model, size_t size, char** error);
void fxlint_onnx_free(char* buffer);
}
