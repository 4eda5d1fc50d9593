#!/usr/bin/env lua5.1
print('shebang')
local x = 1
