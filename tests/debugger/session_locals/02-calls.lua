local function fib(n)
  if n < 2 then
    return n
  end
  local x = fib(n - 1)
  local y = fib(n - 2)
  return x + y
end
local counter = 0
local function bump(by)
  counter = counter + by
  return counter
end
local r = fib(4)
local s = bump(r) + bump(1)
local u = select(2, 10, 20, 30)
local ok, err = pcall(function(z)
  local q = z .. "!"
  return q
end, "yes")
