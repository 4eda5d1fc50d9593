for i = -5, 5 do
  print(i, math.exp(i), math.log(math.exp(i)), math.log10(10 ^ i), math.sqrt(math.abs(i)))
end
