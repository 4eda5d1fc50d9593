local function inner(n)
  return n + 1
end
local function outer(n)
  return inner(n)
end
return outer(1)
