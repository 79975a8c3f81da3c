// Branches on tensor values, as samples/control_flow.py in Python: `item<T>()` and an accessor turn
// data into C++ numbers, and the tracer keeps only the branch the example input took.
#pragma once
#include <torch/torch.h>

struct SignGateImpl : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    if (x.sum().item<float>() > 0) {  // expect: FX102 "x"
      return x * 2;
    }
    return -x;
  }
};
TORCH_MODULE(SignGate);

struct CornerGateImpl : torch::nn::Module {  // expect-verdict: specialized
  torch::Tensor forward(torch::Tensor x) {
    auto values = x.accessor<float, 2>();
    float corner = values[0][0];
    return corner > 0 ? x.relu() : x.abs();  // expect: FX102 "x"
  }
};
TORCH_MODULE(CornerGate);
