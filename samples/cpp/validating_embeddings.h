// A ResNet stem that validates its input's channel count, as HuggingFace's ResNetEmbeddings does in
// Python (samples/hf_style_resnet.py). LibTorch's tracer runs real tensors: the check is evaluated once
// and left out of the graph. With every dim free the verdict is `specialized`; with only batch and
// spatial dims varying (`--dynamic pixel_values:0,2,3`) the trace stays valid: `traceable`.
#pragma once
#include <torch/torch.h>

#include <stdexcept>

struct ValidatingEmbeddingsImpl : torch::nn::Module {  // expect-verdict: specialized
  ValidatingEmbeddingsImpl()
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)))),
        norm(register_module("norm", torch::nn::BatchNorm2d(8))) {}

  torch::Tensor forward(torch::Tensor pixel_values) {
    int64_t num_channels = pixel_values.size(1);
    if (num_channels != num_channels_) {  // expect: FX101 "pixel_values.size(1)"
      throw std::invalid_argument("channel mismatch");
    }
    return torch::relu(norm(conv(pixel_values)));
  }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d norm;
  int64_t num_channels_ = 3;
};
TORCH_MODULE(ValidatingEmbeddings);

// The same check with TORCH_CHECK: also evaluated while tracing, also absent from the graph.
struct CheckedEmbeddingsImpl : torch::nn::Module {  // expect-verdict: specialized
  CheckedEmbeddingsImpl() : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)))) {}

  torch::Tensor forward(torch::Tensor pixel_values) {
    TORCH_CHECK(pixel_values.sizes()[1] == 3, "expected 3 channels");  // expect: FX101 "pixel_values.sizes()[1]"
    return conv(pixel_values);
  }

  torch::nn::Conv2d conv;
};
TORCH_MODULE(CheckedEmbeddings);
