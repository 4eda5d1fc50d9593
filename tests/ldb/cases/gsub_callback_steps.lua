local count = 0
local out = string.gsub("a-b-c", "%a", function(ch)
  count = count + 1
  return ch:upper()
end)
return out .. count
