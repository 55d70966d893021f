package t

import rego.v1

default allow := false

allow if {
	some x in input.a
	x == 1
}

deny contains msg if {
	not allow
	msg := sprintf("%v", [input.s])
}

f(x) := y if y := x + 1 else := 0

obj[k] := v if some k, v in {"a": 1}
