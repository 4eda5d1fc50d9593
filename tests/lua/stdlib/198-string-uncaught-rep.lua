print("before")
local s = string.rep()
print("never")
