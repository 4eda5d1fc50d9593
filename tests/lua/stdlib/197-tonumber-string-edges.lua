for _, s in ipairs({"0x", "0x1p4", "1e+", "  0x10  ", "1 2", "inf", "nan", "1e400", "-1e400", "0X1f", "+5", "--5", "5e-400", "\t7\n", "0x7FFFFFFF", "0xFFFFFFFFFFFF"}) do
  print(string.format("%q", s), tonumber(s))
end
