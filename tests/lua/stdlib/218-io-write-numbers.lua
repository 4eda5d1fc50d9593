io.write(1, " ", 1.5, " ", 1e15, " ", 1e16, " ", -1/0, " ", 2^63, "\n")
io.write(string.format("%5.1f|", 3.14159), "\n")
