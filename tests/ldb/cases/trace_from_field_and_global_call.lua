local m = {}
function m.inner()
  redis.breakpoint()
  return 1
end
local function viaLocal()
  return m.inner() + 0
end
return viaLocal()
