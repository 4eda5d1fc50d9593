local values = {n = nil, b = false, t = true, num = 3.5, s = "str", tab = {}, f = print, co = coroutine.create(function() end), u = newproxy()}
for _, k in ipairs({"n", "b", "t", "num", "s", "tab", "f", "co", "u"}) do
  local ok, e = pcall(error, values[k])
  print(k, ok, type(e), rawequal(e, values[k]))
end
