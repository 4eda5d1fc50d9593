local s = "abc"
for i = -4, 4 do
  local row = {}
  for j = -4, 4 do row[#row + 1] = select("#", s:byte(i, j)) end
  print(i, table.concat(row, " "))
end
