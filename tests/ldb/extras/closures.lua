local count = 0
local function counter()
  return function(step)
    count = count + step
    return count
  end
end
local c = counter()
local v = c(2) + c(3)
local ok, err = pcall(function() error("x") end)
return {v, tostring(ok)}
