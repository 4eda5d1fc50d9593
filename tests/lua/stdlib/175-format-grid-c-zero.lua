local vals = {65, 48, 126, 32}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%0c", "%08c", "%0.3c", "%012.5c", "%01c"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
