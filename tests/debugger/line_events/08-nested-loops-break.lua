local hits = 0
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then break end
    hits = hits + 1
  end
  while true do
    hits = hits + 1
    if hits > 4 then break end
  end
end
local i = 0
repeat local j = i; i = i + 1 until i >= 2
