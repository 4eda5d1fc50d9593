local plain = loadstring("local x = 1\nreturn x")
local named = loadstring("local user_script = 2\n\n\n\n\n\n\n\nreturn user_script")
local a = plain()
local b = named()
return a + b
