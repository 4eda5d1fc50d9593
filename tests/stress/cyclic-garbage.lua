-- Allocates well over 10 GB over its life in short-lived cyclic structures (as 5.1 sizes
-- objects), keeping only a little alive. Run by scripts/stress.sh, which reports peak RSS.
local rounds = tonumber(arg and arg[1]) or 7000000
local kept = {}
for i = 1, rounds do
  local a = {name = "node" .. (i % 1000), items = {i, i + 1, i + 2, i + 3}}
  local b = {peer = a, items = {}}
  a.peer = b
  for j = 1, 8 do b.items[j] = {a, b, j} end
  if i % 250000 == 0 then kept[#kept + 1] = a end
end
print(#kept, collectgarbage("count") < 64 * 1024)
