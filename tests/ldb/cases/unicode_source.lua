local s = "héllo wörld"
local t = {["ключ"] = "значение"}
return s
