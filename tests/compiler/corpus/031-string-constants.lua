local a = "plain"
local b = 'single "double" inside'
local c = "tab\tnewline\nreturn\rbell\a"
local d = "\0nul\1\2\127\128\255"
local e = [[long
string with "quotes" and \backslashes\]]
local f = [==[level two ]] still ]=] inside]==]
local g = "\\"
local h = "\65\066\0067"
local i = ""
local j = "line\
continued"
return a, b, c, d, e, f, g, h, i, j
