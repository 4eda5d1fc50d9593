for _, p in ipairs({{5, 3}, {-5, 3}, {5, -3}, {-5, -3}, {5.5, 2}, {-5.5, 2}, {3, 0.5}, {0, 7}}) do
  print(p[1], p[2], p[1] % p[2])
end
print(5 % 0, -5 % 0, 0 % 0)
print(5 % math.huge, -5 % math.huge)
