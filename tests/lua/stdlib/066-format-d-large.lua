for _, v in ipairs({2^31 - 1, 2^31, 2^32, 2^52, 2^53, 2^62, -2^62, 1e18, -1e18, 123456789012}) do
  print(string.format("%d %x %o", v, v, v))
end
