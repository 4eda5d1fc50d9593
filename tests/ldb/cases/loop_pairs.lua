local t = {a = 1, b = 2}
local keys = {}
for k, v in pairs(t) do
  keys[#keys + 1] = k
end
for i, v in ipairs({10, 20}) do
  keys[#keys + 1] = v
end
return #keys
