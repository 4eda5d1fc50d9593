local a = 1; local b = 2;
--[[ block
comment ]] print(a + b) --[==[ another
]==] print("after")
-- line comment
print(#[[
]])
