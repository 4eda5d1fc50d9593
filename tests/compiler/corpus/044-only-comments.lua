-- nothing here
--[[ a block
comment ]]
--[==[ another ]==]
