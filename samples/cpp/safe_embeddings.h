// The stem of validating_embeddings.h without the channel check (the TORCH_CHECK-free version): the
// convolution itself rejects a wrong channel count, and the trace is valid for any size.
#pragma once
#include <torch/torch.h>

struct SafeEmbeddingsImpl : torch::nn::Module {  // expect-verdict: traceable
  SafeEmbeddingsImpl()
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)))),
        norm(register_module("norm", torch::nn::BatchNorm2d(8))) {}

  torch::Tensor forward(torch::Tensor pixel_values) { return torch::relu(norm(conv(pixel_values))); }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d norm;
};
TORCH_MODULE(SafeEmbeddings);
