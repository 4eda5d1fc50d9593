do
  local hidden = 1
  function outer()
    local v = hidden
    return function()
      return function() return v + hidden end
    end
  end
end
local s = 0
for i = 1, 3 do
  do
    local j = i * 2
    s = s + j
  end
end
goto_like = s
return outer()()()
