local obj = {}
function obj:method(x)
  local ok, v = pcall(function()
    return x * 2
  end)
  return v
end
local function tail(x)
  return obj:method(x)
end
for _, v in ipairs({1}) do
  tail(v)
end
return 1
