local vals = {0, 1, -1, 42, -42, 123456, 3.9, -3.9, 2^31}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%#d", "%#8d", "%#.3d", "%#12.5d", "%#1d"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
