local function producer()
  return coroutine.create(function()
    for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end
  end)
end
local function filter(src)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not v then break end
      coroutine.yield(v:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local ok, v = coroutine.resume(f)
  if not v then break end
  print(v)
end
