local s = "ab\0cd"
print(#string.format("%s", s), #string.format("%.3s", s), #string.format("%5s", s))
local long = string.rep("x", 100) .. "\0" .. "tail"
print(#string.format("%s", long))
