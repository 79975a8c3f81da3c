// Ground truth for samples/cpp: traces every sample module with LibTorch's C++ tracer
// (torch::jit::tracer::trace, still in torch 2.14) on an input of one size, then runs the traced graph
// on inputs of a second size and compares with eager. Prints one JSON object per module:
//   {"file": "...", "class": "...", "input": "x", "dynamic": [dims that differ], "raised": bool,
//    "valid": bool, "error": "..."}
// `valid`: the traced graph gave eager's outputs on every second-size input (8 seeded random ones, so a
// branch on data flips with probability 1 - 2^-8 per sample). tests/cpp/ground_truth_test.py compares
// this with fxlint's verdicts.
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/torch.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "data_dependent_branch.h"
#include "resnet_block.h"
#include "safe_embeddings.h"
#include "size_driven_loop.h"
#include "unfinished_head.h"
#include "validating_embeddings.h"

namespace {

constexpr int kSecondInputs = 8;

std::string jsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\', out += c;
    else if (static_cast<unsigned char>(c) < 0x20) out += ' ';
    else out += c;
  }
  return out + "\"";
}

// True when both raise, or both return equal tensors.
bool sameOutcome(const std::function<torch::Tensor()>& eager, const std::function<torch::Tensor()>& traced) {
  torch::Tensor expected, actual;
  bool eagerRaised = false, tracedRaised = false;
  try { expected = eager(); } catch (const std::exception&) { eagerRaised = true; }
  try { actual = traced(); } catch (const std::exception&) { tracedRaised = true; }
  if (eagerRaised || tracedRaised) return eagerRaised == tracedRaised;
  return expected.sizes() == actual.sizes() && torch::allclose(expected, actual, 1e-4, 1e-5);
}

template <typename Holder>
void report(const std::string& file, const std::string& className, const std::string& input, Holder holder,
            std::vector<int64_t> firstSize, std::vector<int64_t> secondSize) {
  holder->eval();
  // The tracer records parameters as constants, which it refuses while they require grad.
  for (torch::Tensor& parameter : holder->parameters()) parameter.set_requires_grad(false);
  torch::NoGradGuard noGrad;
  bool raised = false, valid = true;
  std::string error;
  try {
    torch::manual_seed(0);
    torch::Tensor example = torch::randn(firstSize);
    auto traced = torch::jit::tracer::trace(
        {example}, [&](torch::jit::Stack inputs) -> torch::jit::Stack { return {holder->forward(inputs[0].toTensor())}; },
        [](const torch::autograd::Variable&) { return std::string(); }, /*strict=*/false);
    torch::jit::GraphFunction graph("forward", traced.first->graph, nullptr);
    for (int seed = 1; seed <= kSecondInputs; ++seed) {
      torch::manual_seed(seed);
      torch::Tensor x = torch::randn(secondSize);
      valid = valid && sameOutcome([&] { return holder->forward(x); }, [&] {
                torch::jit::Stack stack{x};
                graph.run(stack);
                return stack.at(0).toTensor();
              });
    }
  } catch (const std::exception& e) {
    raised = true;
    valid = false;
    error = e.what();
    error = error.substr(0, error.find('\n'));
  }
  std::ostringstream dynamic;
  for (size_t d = 0; d < firstSize.size(); ++d)
    if (firstSize[d] != secondSize[d]) dynamic << (dynamic.tellp() > 0 ? ", " : "") << d;
  std::cout << "{\"file\": " << jsonString(file) << ", \"class\": " << jsonString(className)
            << ", \"input\": " << jsonString(input) << ", \"dynamic\": [" << dynamic.str() << "], \"raised\": "
            << (raised ? "true" : "false") << ", \"valid\": " << (valid ? "true" : "false")
            << ", \"error\": " << jsonString(error) << "}\n";
}

}  // namespace

int main() {
  // Images vary in batch and spatial size; the channel count is fixed by the first convolution.
  const std::vector<int64_t> image{2, 3, 16, 16}, otherImage{3, 3, 24, 20};
  const std::vector<int64_t> matrix{4, 5}, otherMatrix{6, 5};
  report("resnet_block.h", "BasicBlockImpl", "x", BasicBlock(3), image, otherImage);
  report("resnet_block.h", "TinyResNetImpl", "pixel_values", TinyResNet(), image, otherImage);
  report("safe_embeddings.h", "SafeEmbeddingsImpl", "pixel_values", SafeEmbeddings(), image, otherImage);
  report("validating_embeddings.h", "ValidatingEmbeddingsImpl", "pixel_values", ValidatingEmbeddings(), image, otherImage);
  report("validating_embeddings.h", "CheckedEmbeddingsImpl", "pixel_values", CheckedEmbeddings(), image, otherImage);
  report("data_dependent_branch.h", "SignGateImpl", "x", SignGate(), matrix, otherMatrix);
  report("data_dependent_branch.h", "CornerGateImpl", "x", CornerGate(), matrix, otherMatrix);
  report("size_driven_loop.h", "PerSampleScaleImpl", "x", PerSampleScale(), matrix, otherMatrix);
  report("size_driven_loop.h", "RepeatedLayerImpl", "x", RepeatedLayer(), matrix, otherMatrix);
  report("unfinished_head.h", "UnfinishedHeadImpl", "x", UnfinishedHead(), matrix, otherMatrix);
  return 0;
}
