for _, p in ipairs({{5.5, 2}, {-5.5, 2}, {5.5, -2}, {1e20, 3}, {7, 7}, {0.3, 0.1}}) do
  print(p[1], p[2], math.fmod(p[1], p[2]), p[1] % p[2])
end
