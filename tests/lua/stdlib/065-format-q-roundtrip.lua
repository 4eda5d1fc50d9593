local samples = {"", "a\0b", "\n\r\t", "\"\\", string.char(0, 1, 2, 200, 255), "x\0001"}
for i, s in ipairs(samples) do
  local quoted = string.format("%q", s)
  local back = loadstring("return " .. quoted)()
  print(i, quoted, back == s)
end
