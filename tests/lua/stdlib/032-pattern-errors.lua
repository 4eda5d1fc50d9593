for _, p in ipairs({"%", "[a", "[^", "(", ")", "(()", "%1", "(a)%2", "%b", "%ba", "%f", "%fa", "a(", "[%", "(%1)", "%0", "(a%1)"}) do
  print(p, pcall(string.find, 'abc(a)', p))
  print(p, pcall(string.gsub, 'abc', p, 'x'))
end
