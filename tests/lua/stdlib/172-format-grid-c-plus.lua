local vals = {65, 48, 126, 32}
for _, v in ipairs(vals) do
  local row = {}
  for _, spec in ipairs({"%+c", "%+8c", "%+.3c", "%+12.5c", "%+1c"}) do
    local ok, r = pcall(string.format, spec, v)
    row[#row + 1] = "[" .. tostring(r) .. "]"
  end
  print(table.concat(row, " "))
end
