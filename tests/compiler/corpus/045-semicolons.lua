local a = 1; local b = 2;
f(); g();
do local z = 1; end
return a + b;
