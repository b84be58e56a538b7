//go:build unix

package client

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// openAudit opens the audit log for appending without following a symbolic
// link, creating it 0600, and refuses a file that is not a regular file of
// this user's that only this user can read.
func openAudit(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("audit log %s is a symbolic link: refusing to write through it; remove it", path)
		}
		return nil, fmt.Errorf("audit log: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("audit log: %w", err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("audit log %s is not a regular file", path)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		f.Close()
		return nil, fmt.Errorf("audit log %s belongs to user %d, not you: refusing to write to it", path, st.Uid)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		f.Close()
		return nil, fmt.Errorf("audit log %s has mode %04o, so others can read it: run chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	return f, nil
}
