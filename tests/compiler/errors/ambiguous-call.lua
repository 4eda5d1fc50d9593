local f = g
(h)()