local function add(a, b)
  local s = a + b
  return s
end
local function twice(x)
  local y = add(x, x)
  return y
end
local t = {}
for i = 1, 3 do
  t[i] = twice(i)
end
redis.call("set", KEYS[1], t[3])
local n = redis.call("incr", KEYS[1])
n = n + 1
return n
