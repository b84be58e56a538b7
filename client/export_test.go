package client

// SetMaxCustomers lowers the endless-paging cap for a test and returns the
// function that restores it.
func SetMaxCustomers(n int) (restore func()) {
	old := maxCustomers
	maxCustomers = n
	return func() { maxCustomers = old }
}

// ResolveLink exposes link resolution to the tests.
func (c *Client) ResolveLink(raw string) (string, error) {
	u, err := c.resolveLink(raw)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}
