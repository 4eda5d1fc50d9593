local t = {3, 1, 2}
table.sort(t, function(a, b)
  return a > b
end)
return t
