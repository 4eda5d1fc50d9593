local ok, err = pcall(function()
  local inner = 1
  return inner
end)
redis.call("set", "after", tostring(err))
return {tostring(ok), err}
