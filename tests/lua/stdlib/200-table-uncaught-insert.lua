local t
table.insert(t, 1)
