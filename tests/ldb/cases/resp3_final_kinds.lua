redis.setresp(3)
local kinds = {{double=1.5}, {map={a=1}}, {set={x=true}}, true, false}
return kinds
