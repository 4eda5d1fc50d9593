local ok, err = pcall(function()
  local x = nil
  return x.field
end)
redis.debug(ok, err)
local ok2, err2 = pcall(redis.call, "nosuch")
redis.debug(ok2, err2)
return err
