local vals = {0, 1, 255, 65535, 3.9}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"% x", "% 8x", "% .3x", "% 12.5x", "% 1x"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
