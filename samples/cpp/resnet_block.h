// A plain ResNet: basic blocks with a residual sum, held through TORCH_MODULE holders, as
// samples/resnet_plain.py in Python. Nothing reads a size or a value: the trace is valid for any size.
#pragma once
#include <torch/torch.h>

struct BasicBlockImpl : torch::nn::Module {  // expect-verdict: traceable
  explicit BasicBlockImpl(int64_t channels)
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)))),
        bn1(register_module("bn1", torch::nn::BatchNorm2d(channels))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 3).padding(1).bias(false)))),
        bn2(register_module("bn2", torch::nn::BatchNorm2d(channels))) {}

  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor identity = x;
    torch::Tensor out = torch::relu(bn1(conv1(x)));
    out = bn2(conv2(out));
    return torch::relu(out + identity);
  }

  torch::nn::Conv2d conv1;
  torch::nn::BatchNorm2d bn1;
  torch::nn::Conv2d conv2;
  torch::nn::BatchNorm2d bn2;
};
TORCH_MODULE(BasicBlock);

struct TinyResNetImpl : torch::nn::Module {  // expect-verdict: traceable
  TinyResNetImpl()
      : stem(register_module("stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1)))),
        block1(register_module("block1", BasicBlock(8))),
        block2(register_module("block2", BasicBlock(8))),
        fc(register_module("fc", torch::nn::Linear(8, 10))) {}

  torch::Tensor forward(torch::Tensor pixel_values) {
    torch::Tensor x = torch::relu(stem(pixel_values));
    x = block2->forward(block1(x));
    x = torch::adaptive_avg_pool2d(x, {1, 1});
    return fc(torch::flatten(x, 1));
  }

  torch::nn::Conv2d stem;
  BasicBlock block1;
  BasicBlock block2;
  torch::nn::Linear fc;
};
TORCH_MODULE(TinyResNet);
