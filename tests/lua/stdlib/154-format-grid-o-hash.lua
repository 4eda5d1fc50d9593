local vals = {0, 7, 8, 64, 4095}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%#o", "%#8o", "%#.3o", "%#12.5o", "%#1o"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
