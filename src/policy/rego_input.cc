// RegoInput: assembles `input` for Rego rules from verified evidence (see rego_input.h).
#include "policy/rego_input.h"

#include "attestation/statement.h"
#include "base/clock.h"
#include "digest/base64.h"

namespace attestfs::policy {

namespace {

using rego::Value;

Value Str(const std::string& s) { return Value::String(s); }

Value StringArray(const std::vector<std::string>& items) {
  rego::Array a;
  a.reserve(items.size());
  for (const auto& s : items) a.push_back(Str(s));
  return Value::FromArray(std::move(a));
}

Value SignerValue(const EvidenceItem& item) {
  rego::Object o;
  o[Str("verified")] = Value::Bool(item.signature_verified);
  if (item.signature_verified) {
    const auto& s = item.signer;
    o[Str("key_id")] = Str(s.key_id);
    o[Str("subject")] = Str(s.subject);
    o[Str("sans")] = StringArray(s.sans);
    o[Str("issuer")] = Str(s.issuer);
    o[Str("description")] = Str(s.description);
    rego::Array chain;
    for (const auto& der : item.cert_chain_der) chain.push_back(Str(digest::Base64Encode(der)));
    o[Str("chain")] = Value::FromArray(std::move(chain));  // base64 DER, leaf first
    o[Str("keyless")] = Value::Bool(!item.container_json.empty() && !s.issuer.empty());
  }
  return Value::FromObject(std::move(o));
}

}  // namespace

Result<Value> StatementValue(const attestation::Statement& statement) {
  AFS_ASSIGN_OR_RETURN(Value v, Value::ParseJson(statement.Serialize()));
  if (!v.is_object()) return Error(Errc::kMalformed, "statement is not a JSON object");
  rego::Object o = v.object();
  const Value pt_key = Str("predicateType");
  const Value pred_key = Str("predicate");
  const Value* pt = v.Get(pt_key);
  const Value* pred = v.Get(pred_key);
  if (pt && pt->is_string() && pred && pred->is_object() &&
      pt->string().rfind(std::string(attestation::kCycloneDxPredicate), 0) == 0) {
    rego::Object p = pred->object();
    p[Str("bom")] = *pred;  // valint reads the BOM at predicate.bom
    o[pred_key] = Value::FromObject(std::move(p));
  }
  return Value::FromObject(std::move(o));
}

Result<Value> BuildRegoInput(const EvaluationInput& input, const EvidenceItem* selected,
                             const Value& args) {
  rego::Object root;
  if (selected) {
    AFS_ASSIGN_OR_RETURN(Value ev, StatementValue(selected->statement));
    root[Str("evidence")] = ev;
    root[Str("signer")] = SignerValue(*selected);
    root[Str("evidence_digest")] = Str(selected->digest);
  }
  rego::Object config;
  config[Str("args")] = args.is_null() ? Value::FromObject({}) : args;
  root[Str("config")] = Value::FromObject(std::move(config));
  rego::Object subject;
  subject[Str("name")] = Str(input.subject_name);
  subject[Str("digest")] = Str(input.subject_digest);
  root[Str("subject")] = Value::FromObject(std::move(subject));

  rego::Array attestations;
  const EvidenceItem* trace = nullptr;
  for (const auto& item : input.evidence) {
    if (!item.signature_verified) continue;
    rego::Object a;
    a[Str("predicateType")] = Str(item.statement.predicate_type);
    a[Str("digest")] = Str(item.digest);
    a[Str("signer")] = SignerValue(item);
    const auto created = item.statement.CreatedAt();
    a[Str("created")] = created ? Str(FormatRfc3339(*created)) : Value();
    if (&item == selected) {
      a[Str("statement")] = root[Str("evidence")];
    } else {
      AFS_ASSIGN_OR_RETURN(Value st, StatementValue(item.statement));
      a[Str("statement")] = st;
    }
    attestations.push_back(Value::FromObject(std::move(a)));
    if (item.statement.predicate_type == attestation::kRuntimeTracePredicate) {
      if (!trace ||
          item.statement.CreatedAt().value_or(0) > trace->statement.CreatedAt().value_or(0))
        trace = &item;
    }
  }
  root[Str("attestations")] = Value::FromArray(std::move(attestations));
  if (trace) {
    AFS_ASSIGN_OR_RETURN(Value t, Value::ParseJson(trace->statement.predicate_json));
    root[Str("trace")] = t;
  }
  return Value::FromObject(std::move(root));
}

}  // namespace attestfs::policy
