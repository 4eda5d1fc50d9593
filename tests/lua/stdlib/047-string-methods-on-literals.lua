local s = "Hello"
print(s:upper(), s:lower(), s:len(), s:rep(2, nil), s:byte(1), s:find("l"), s:match("(H)(e)"), s:gsub("l", "L"))
print(("%d-%s"):format(5, "x"), ("abc"):reverse())
