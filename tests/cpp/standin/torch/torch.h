// A stand-in for <torch/torch.h> with LibTorch's names and class structure (at::TensorBase <- at::Tensor,
// torch::nn::Module, ModuleHolder<Impl>, TORCH_MODULE, TORCH_CHECK as a macro expanding to an `if`)
// but none of its weight: the C++ front-end's unit tests parse in milliseconds against it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace c10 {
struct IntArrayRef {
  IntArrayRef(std::initializer_list<int64_t>) {}
  int64_t operator[](size_t) const { return 0; }
  size_t size() const { return 0; }
};
[[noreturn]] void torchCheckFail(const char*, const char*, uint32_t, const char*);
}  // namespace c10

namespace at {
template <typename T, size_t N>
struct TensorAccessor {
  TensorAccessor<T, N - 1> operator[](int64_t) const;
};
template <typename T>
struct TensorAccessor<T, 1> {
  T operator[](int64_t) const;
};
class TensorBase {
 public:
  int64_t size(int64_t dim) const;
  c10::IntArrayRef sizes() const;
  int64_t dim() const;
  int64_t numel() const;
  template <typename T> T item() const;
  template <typename T> T* data_ptr() const;
  template <typename T, size_t N> TensorAccessor<T, N> accessor() const;
};
class Tensor : public TensorBase {
 public:
  Tensor sum() const;
  Tensor relu() const;
  Tensor operator[](int64_t) const;
};
Tensor operator+(const Tensor&, const Tensor&);
Tensor operator*(const Tensor&, double);
Tensor relu(const Tensor&);
Tensor zeros(c10::IntArrayRef);
}  // namespace at

namespace torch {
using at::Tensor;
using at::relu;
using at::zeros;
namespace nn {
class Module {
 public:
  virtual ~Module() = default;
  template <typename Holder> Holder register_module(const std::string&, Holder holder) { return holder; }
  bool is_training() const;
};
template <typename Impl>
class ModuleHolder {
 public:
  ModuleHolder() : impl_(std::make_shared<Impl>()) {}
  template <typename... Args> explicit ModuleHolder(Args&&... args) : impl_(std::make_shared<Impl>(args...)) {}
  Impl* operator->() const { return impl_.get(); }
  template <typename... Args> Tensor operator()(Args&&... args) { return impl_->forward(args...); }
 private:
  std::shared_ptr<Impl> impl_;
};
#define TORCH_MODULE(Name) \
  class Name : public torch::nn::ModuleHolder<Name##Impl> { \
   public: using torch::nn::ModuleHolder<Name##Impl>::ModuleHolder; }
class Conv2dImpl : public Module {
 public:
  Conv2dImpl(int64_t, int64_t, int64_t);
  Tensor forward(const Tensor&);
};
TORCH_MODULE(Conv2d);
}  // namespace nn
}  // namespace torch

#define C10_UNLIKELY(expr) (__builtin_expect(static_cast<bool>(expr), 0))
#define TORCH_CHECK(cond, ...) \
  if (C10_UNLIKELY(!(cond))) { ::c10::torchCheckFail(__func__, __FILE__, __LINE__, #cond); }
