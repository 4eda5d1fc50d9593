local function walk(t)
  for _, v in ipairs(t) do
    if type(v) == "table" then walk(v) else coroutine.yield(v) end
  end
end
local items = {}
for v in coroutine.wrap(function() walk({1, {2, {3, 4}}, 5, {{6}}}) end) do items[#items + 1] = v end
print(table.concat(items, " "))
