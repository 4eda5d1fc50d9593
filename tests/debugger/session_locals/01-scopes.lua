local a, b = 1, "two"
do
  local inner = a + 1
  a = inner * 2
end
local c
if a > 3 then
  local d = "big"
  c = d
else
  local e = "small"
  c = e
end
local t = {a, b, c}
for i, v in ipairs(t) do
  local w = v
end
for j = 10, 1, -4 do
  local half = j / 2
end
