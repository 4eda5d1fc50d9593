local vals = {0, 7, 8, 64, 4095}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%0o", "%08o", "%0.3o", "%012.5o", "%01o"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
