local cfg = {name = "x", list = {1, 2, 3}, nested = {deep = {deeper = {true}}}}
local arr = {"a", "b", {c = 1}}
return #arr
