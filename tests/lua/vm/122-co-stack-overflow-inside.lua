local co = coroutine.create(function()
  local function r() return 1 + r() end
  return r()
end)
local ok, e = coroutine.resume(co)
print(ok, (string.gsub(e, "^[^:]*:%d+: ", "")))
