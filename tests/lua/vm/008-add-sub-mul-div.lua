local a, b = 7, 2
print(a + b, a - b, a * b, a / b, -a / b, 1 / 3)
print(0.1 + 0.2, 1e308 * 10, -1e308 * 10)
