repeat
  x = 1

