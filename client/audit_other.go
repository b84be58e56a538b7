//go:build !unix

package client

import (
	"fmt"
	"os"
)

// openAudit opens the audit log for appending, refusing a symbolic link.
// Windows has no mode bits: the per-user profile directory protects it.
func openAudit(path string) (*os.File, error) {
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("audit log %s is not a regular file (a symbolic link is not accepted)", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return f, nil
}
