// graph.reachable: the vertices reachable from the initial ones in a graph given as an object of
// vertex -> array/set of neighbours (vertices absent from the graph are not reached).
#include <deque>

#include "rego/builtins/builtin_args.h"
#include "rego/builtins/families.h"

namespace attestfs::rego::builtins {

void AddGraphBuiltins(BuiltinRegistry& r) {
  Def(r, "graph.reachable", 2, [](BuiltinContext& ctx, const Args& a) -> BuiltinResult {
    const char* fn = "graph.reachable";
    if (!a[0].is_object()) return OperandType(fn, 1, "object", a[0]);
    if (!a[1].is_array() && !a[1].is_set()) return OperandOneOf(fn, 2, "set, array", a[1]);
    std::deque<Value> queue;
    for (const Value& v : Elements(a[1])) queue.push_back(v);
    Set reached;
    size_t steps = 0;
    while (!queue.empty()) {
      Value node = std::move(queue.front());
      queue.pop_front();
      if ((++steps & 0xFFFF) == 0 && Cancelled(ctx)) return CancelError(fn);
      if (reached.count(node)) continue;
      const Value* edges = a[0].Get(node);
      if (!edges) continue;
      if (edges->is_array() || edges->is_set()) {
        for (const Value& n : Elements(*edges))
          if (!reached.count(n)) queue.push_back(n);
      }
      reached.insert(std::move(node));
    }
    return Value::FromSet(std::move(reached));
  });
}

}  // namespace attestfs::rego::builtins
