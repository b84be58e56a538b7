package client

// SetMaxCustomers lowers the endless-paging cap for a test and returns the
// function that restores it.
func SetMaxCustomers(n int) (restore func()) {
	old := maxCustomers
	maxCustomers = n
	return func() { maxCustomers = old }
}
