local s = "aXbXc"
for init = -6, 7 do
  print(init, string.find(s, "X", init, true), string.find(s, "X", init))
end
