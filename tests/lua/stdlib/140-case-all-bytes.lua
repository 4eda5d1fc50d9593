local all = {}
for b = 0, 255 do all[#all + 1] = string.char(b) end
local s = table.concat(all)
local up, low = string.upper(s), string.lower(s)
local diff = {}
for i = 1, 256 do if up:byte(i) ~= i - 1 or low:byte(i) ~= i - 1 then diff[#diff + 1] = (i - 1) .. ":" .. up:byte(i) .. ":" .. low:byte(i) end end
print(table.concat(diff, " "))
