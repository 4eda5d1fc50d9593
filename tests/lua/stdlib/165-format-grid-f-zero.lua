local vals = {0, 1, -1, 0.5, 0.05, 123.456, 1e10, -0.0, 1/0, 0/0 ~= 0/0 and 2.675 or 0}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%0f", "%08f", "%0.3f", "%012.5f", "%01f"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
