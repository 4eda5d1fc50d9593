print(0x10, 0XfF, 1e2, 1E-2, .5, 5., 3e0, 0x7fffffff, 1e309, 2^53)
