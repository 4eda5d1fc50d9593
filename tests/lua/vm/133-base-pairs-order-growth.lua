local t = {}
local out = {}
for i = 1, 40 do
  t[string.char(64 + (i % 26) + 1) .. i] = i
  if i % 10 == 0 then
    local keys = {}
    for k in pairs(t) do keys[#keys + 1] = k end
    print(table.concat(keys, " "))
  end
end
