package t

import future.keywords.in

default allow = false

allow { input.a[_] == 1 }

deny[msg] { not allow; msg := "no" }

p = {x | x := [1, 2][_]} { true }
