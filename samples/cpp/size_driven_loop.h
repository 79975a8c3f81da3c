// Loops: one whose trip count is the batch size (the tracer unrolls it for the example's batch), one
// with a fixed count (unrolled the same way for every input: valid).
#pragma once
#include <torch/torch.h>

#include <vector>

struct PerSampleScaleImpl : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    std::vector<torch::Tensor> rows;
    for (int64_t i = 0; i < x.size(0); ++i) {  // expect: FX101 "x.size(0)"
      rows.push_back(x[i] * (i + 1));
    }
    return torch::stack(rows);
  }
};
TORCH_MODULE(PerSampleScale);

struct RepeatedLayerImpl : torch::nn::Module {  // expect-verdict: traceable
  RepeatedLayerImpl() : layer(register_module("layer", torch::nn::Linear(5, 5))) {}

  torch::Tensor forward(torch::Tensor x) {
    for (int repeat = 0; repeat < kRepeats; ++repeat) {
      x = torch::relu(layer(x));
    }
    return x;
  }

  static constexpr int kRepeats = 3;
  torch::nn::Linear layer;
};
TORCH_MODULE(RepeatedLayer);
