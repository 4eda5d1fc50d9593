local function f(...)
  local g = function() return ... end
end