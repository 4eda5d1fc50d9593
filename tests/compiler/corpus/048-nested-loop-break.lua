for i = 1, 3 do
  for j = 1, 3 do
    if i == j then break end
    while true do
      repeat
        if j then break end
      until false
      break
    end
  end
end
