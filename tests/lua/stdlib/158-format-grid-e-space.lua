local vals = {0, 1, -1, 0.5, 123.456, 1e-7, 9.9999e99, -0.0, 1/0}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"% e", "% 8e", "% .3e", "% 12.5e", "% 1e"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
