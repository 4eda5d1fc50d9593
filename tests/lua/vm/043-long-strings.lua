local s = [[
line1
line2]]
local t = [==[a]]b]==]
print(s, #s, t)
print("esc: \65\066\0067 \t|\\|\"|\'|\
newline")
