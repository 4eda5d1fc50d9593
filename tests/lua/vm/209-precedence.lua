print(2 + 3 * 4 ^ 2 / 8, -2 ^ 2, not nil == true, 1 .. 2 .. 3, "a" .. "b" == "ab", 1 < 2 == true)
print(2 ^ -1, - - 2, not not nil, #"abc" + 1, -3 % 5, (-3) % 5, 2 * -3)
print(1 + 2 .. "", 10 - 2 - 3, 2 ^ 2 ^ 3, 100 / 10 / 2, 7 % 4 % 3)
print(false or true and nil, nil and 1 or 2, 1 and nil or false)
