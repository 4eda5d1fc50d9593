return {1, "two", {3, "four"}, 5.7, true, false}
