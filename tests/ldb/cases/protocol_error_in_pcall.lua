local function body()
  local x = 1
  return x
end
local ok, err = pcall(body)
redis.debug(ok, err)
return 1
