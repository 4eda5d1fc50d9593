for i = 1, 10 do
  for j = 1, 10 do
    if j > i then break end
    if i * j == 12 then io.write(i, "x", j, " ") end
  end
end
print()
