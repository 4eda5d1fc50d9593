-- args: a b,c ,c d
return {#KEYS, #ARGV, KEYS}
