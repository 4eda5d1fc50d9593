local function check(x)
  if x > 2 then
    redis.breakpoint()
  end
  return x
end
local total = 0
for i = 1, 4 do
  total = total + check(i)
end
return total
