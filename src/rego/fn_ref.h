// FnRef: a non-owning reference to a callable (like std::function_ref), for the evaluator's
// continuations: no allocation per call. The callable must outlive the FnRef.
#pragma once

#include <type_traits>
#include <utility>

namespace attestfs::rego {

template <typename Sig>
class FnRef;

template <typename R, typename... A>
class FnRef<R(A...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FnRef>>>
  FnRef(F&& f)  // NOLINT: implicit by design
      : obj_(const_cast<void*>(static_cast<const void*>(&f))), cb_([](void* o, A... a) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<A>(a)...);
        }) {}
  R operator()(A... a) const { return cb_(obj_, std::forward<A>(a)...); }

 private:
  void* obj_;
  R (*cb_)(void*, A...);
};

}  // namespace attestfs::rego
