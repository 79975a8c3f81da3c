// A module under construction whose forward is a stub that throws: tracing raises on any input, as
// fxlint's `fails` says (the throw is on every path).
#pragma once
#include <torch/torch.h>

#include <stdexcept>

struct UnfinishedHeadImpl : torch::nn::Module {  // expect-verdict: fails
  torch::Tensor forward([[maybe_unused]] torch::Tensor x) {
    throw std::logic_error("UnfinishedHead::forward is not implemented");  // expect: FX111 "throw"
  }
};
TORCH_MODULE(UnfinishedHead);
