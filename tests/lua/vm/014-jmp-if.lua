local function classify(n)
  if n < 0 then return "neg" elseif n == 0 then return "zero" else return "pos" end
end
print(classify(-3), classify(0), classify(9))
