local s = "hello"
for i = -7, 7 do
  local row = {}
  for j = -7, 7 do row[#row + 1] = "[" .. s:sub(i, j) .. "]" end
  print(i, table.concat(row))
end
