for _, src in ipairs({"x = ", "local 1 = 2", "f(", "if x then", "return return", "x = }", "a.b:c = 1", "local function() end", "x = 1 2", "break", "for i = 1 do end", "(x) = 1", "x = 0x", "x = 1e", "x = '\\z'", "--[[ unfinished"}) do
  local f, e = loadstring(src)
  print(e)
end
