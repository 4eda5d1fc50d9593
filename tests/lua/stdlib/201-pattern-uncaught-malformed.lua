print(string.find("abc", "[a"))
