local function f(key)
  local v = redis.call("get", key)
  return v
end
return f("rk")
