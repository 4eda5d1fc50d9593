local a = 1
local function outer(b)
  local c = 3
  local function middle(d)
    local function inner(e)
      a = a + b + c + d + e
      return function() return a, b, c, d, e end
    end
    return inner
  end
  c = c + 1
  return middle
end
local function fact(n)
  if n <= 1 then return 1 end
  return n * fact(n - 1)
end
local counter = (function()
  local count = 0
  return function() count = count + 1; return count end, function() return count end
end)()
return outer, fact, counter
