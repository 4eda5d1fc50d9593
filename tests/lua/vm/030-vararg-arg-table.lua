function f(...) return arg and arg.n end
print(f(1, 2, 3))
