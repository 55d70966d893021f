// ScribeShim: the data.scribe module and asset-data builtin (see scribe_shim.h).
#include "policy/scribe_shim.h"

namespace attestfs::policy {

namespace {

using rego::Value;

rego::BuiltinResult AssetData(rego::BuiltinContext&, const std::vector<Value>& args) {
  rego::Object asset;
  const Value& ev = args.at(0);
  const Value* subjects = ev.Get(Value::String("subject"));
  const Value* first = subjects ? subjects->Get(Value::Int(0)) : nullptr;
  if (first && first->is_object()) {
    const Value* name = first->Get(Value::String("name"));
    if (name && name->is_string()) {
      asset[Value::String("name")] = *name;
      asset[Value::String("display_name")] = *name;
    }
    if (const Value* uri = first->Get(Value::String("uri")); uri && uri->is_string()) {
      asset[Value::String("uri")] = *uri;
    }
    const Value* digests = first->Get(Value::String("digest"));
    if (digests && digests->is_object()) {
      if (const Value* sha = digests->Get(Value::String("sha256")); sha && sha->is_string()) {
        asset[Value::String("digest")] = Value::String("sha256:" + sha->string());
      }
    }
  }
  if (const Value* pt = ev.Get(Value::String("predicateType")); pt && pt->is_string()) {
    asset[Value::String("predicate_type")] = *pt;
    asset[Value::String("type")] = Value::String("evidence");
  }
  return Value::FromObject(std::move(asset));
}

}  // namespace

const char* ScribeShimFileName() { return "attestfs-scribe-shim.rego"; }

const std::string& ScribeShimSource() {
  static const std::string kSource = R"(package scribe

# Helpers valint supplies to Scribe catalog policies, as attestfs provides them.
get_asset_data(evidence) := attestfs.asset_data(evidence)
)";
  return kSource;
}

std::vector<rego::BuiltinDef> ScribeBuiltins() {
  std::vector<rego::BuiltinDef> defs;
  for (const char* name : {"scribe.get_asset_data", "attestfs.asset_data"}) {
    rego::BuiltinDef d;
    d.name = name;
    d.arity = 1;
    d.fn = AssetData;
    defs.push_back(std::move(d));
  }
  return defs;
}

}  // namespace attestfs::policy
