local vals = {0, 1, -1, 0.0001, 0.00001, 123456, 1234567, 1e20, -0.0, 1/0, 2.5}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%0g", "%08g", "%0.3g", "%012.5g", "%01g"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
