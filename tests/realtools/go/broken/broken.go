package broken

// Half does not compile: it returns a string where an int is declared.
func Half(n int) int { return "half" }
