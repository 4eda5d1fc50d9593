local function old(...)
  return arg.n, arg[1], #arg
end
local function new(...)
  local arg = {...}
  return #arg
end
local function both(...)
  local a = ...
  return arg
end
return old, new, both
