// Value: an immutable Rego value (null, boolean, number, string, array, object, set) with OPA's
// total order, JSON and Rego-term conversion. Composite values share their nodes (copying a Value
// is a reference-count increment), so documents can be passed around and indexed cheaply.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace attestfs::rego {

// OPA's type order: null < boolean < number < string < array < object < set.
enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject, kSet };

class Value;
using Array = std::vector<Value>;
using Object = std::map<Value, Value>;  // ordered by Value::Compare (OPA sorts object keys)
using Set = std::set<Value>;

class Value {
 public:
  Value();  // null

  static Value Null() { return Value(); }
  static Value Bool(bool b);
  static Value Int(int64_t i);
  // A double that is integral and within +-2^53 becomes an Int (OPA compares numbers by value).
  static Value Float(double d);
  static Value String(std::string s);
  static Value FromArray(Array a);
  static Value FromObject(Object o);
  static Value FromSet(Set s);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_set() const { return kind_ == Kind::kSet; }
  bool is_collection() const { return kind_ >= Kind::kArray; }

  bool boolean() const { return b_; }                                // kBool only
  bool is_int() const { return kind_ == Kind::kNumber && is_int_; }  // integral number in int64
  int64_t int_value() const { return i_; }                           // is_int() only
  double number() const;                                             // any number, as a double
  const std::string& string() const;                                 // kString only
  const Array& array() const;                                        // kArray only
  const Object& object() const;                                      // kObject only
  const Set& set() const;                                            // kSet only

  // Element access used by references: object member by key, array element by integer
  // index, set member (the member itself). nullptr when absent or not a collection.
  const Value* Get(const Value& key) const;
  // Number of elements of a collection, bytes of a string; 0 otherwise.
  size_t size() const;

  // OPA's total order; numbers compare by value (1 == 1.0), objects by sorted keys then values.
  int Compare(const Value& other) const;
  bool operator==(const Value& o) const { return Compare(o) == 0; }
  bool operator!=(const Value& o) const { return Compare(o) != 0; }
  bool operator<(const Value& o) const { return Compare(o) < 0; }
  size_t Hash() const;

  // "null", "boolean", "number", "string", "array", "object", "set" (type_name()).
  const char* TypeName() const;

  // Compact JSON: sets as arrays (sorted), object keys that are not strings as their JSON
  // text, numbers as OPA prints them (integers without a fraction, shortest round-trip doubles).
  std::string ToJson() const;
  // Rego term syntax: strings quoted, sets as {1, 2} and the empty set as set().
  std::string ToRego() const;
  // A number alone, as OPA prints it.
  std::string NumberText() const;

  // Strict JSON (RFC 8259) into a Value; nesting deeper than max_depth is refused.
  static Result<Value> ParseJson(std::string_view text, int max_depth = 512);

 private:
  struct Node;
  Kind kind_ = Kind::kNull;
  bool b_ = false;
  bool is_int_ = false;
  int64_t i_ = 0;
  double d_ = 0;
  std::shared_ptr<const Node> node_;  // string, array, object or set
};

struct ValueHash {
  size_t operator()(const Value& v) const { return v.Hash(); }
};

}  // namespace attestfs::rego
