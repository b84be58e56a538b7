// Package securefile reads and writes files that hold secrets or must not
// be tampered with (keys, tokens, logs, audit logs) on a shared host such
// as an SSH jump host, where other users may control a directory on the
// way or plant a symbolic link:
//
//   - PrivateDir creates or checks a directory: not a symbolic link
//     (Lstat), owned by the current user, no group or other permissions.
//   - WriteFile checks the directory first, then writes a new file created
//     with O_CREATE|O_EXCL|O_NOFOLLOW and mode 0600, and renames it into
//     place, so a crash leaves the old file and a planted link is never
//     written through.
//   - OpenAppend opens a log for appending with O_NOFOLLOW, creating it
//     0600, and refuses a file that is not the caller's or that others can
//     read or write.
//   - ReadFile reads a secret only if the opened file is a regular file of
//     the caller's that nobody else can read or write.
//
// Refusals are *Error values that say what is wrong and the command that
// fixes it (chmod 600 …). On Windows, which has no such mode bits and
// protects a user's profile directory instead, only the symbolic link and
// regular-file checks apply.
package securefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mcgdash/mcgdash/model"
)

// Error is a refused file or directory: what is wrong, and how to fix it.
type Error struct {
	Path    string
	Problem string // e.g. "other users can read or write it (mode 0644)"
	Fix     string // a shell command, or "" when there is none to suggest
}

func (e *Error) Error() string {
	s := "refusing " + model.Sanitize(e.Path) + ": " + e.Problem
	if e.Fix != "" {
		s += "; run `" + model.Sanitize(e.Fix) + "` and try again"
	}
	return s
}

// PrivateDir makes sure dir exists and only the current user can use it:
// missing parents are created, dir itself is created with mode 0700, and
// an existing dir must not be a symbolic link, must belong to the current
// user and must have no group or other permissions.
func PrivateDir(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return &Error{Path: dir, Problem: "it is a symbolic link, not a directory", Fix: ""}
	}
	if !fi.IsDir() {
		return &Error{Path: dir, Problem: "it is not a directory"}
	}
	if err := checkOwner(dir, fi); err != nil {
		return err
	}
	if privateModes && fi.Mode().Perm()&0o077 != 0 {
		return &Error{Path: dir, Problem: fmt.Sprintf("other users can reach it (mode %04o)", fi.Mode().Perm()), Fix: "chmod 700 " + shellQuote(dir)}
	}
	return nil
}

// WriteFile replaces path with data, mode 0600, after checking that its
// directory is private (PrivateDir). The data goes to a new temporary
// file beside it, created exclusively and without following links, which
// is then renamed over path.
func WriteFile(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := PrivateDir(dir); err != nil {
		return err
	}
	var f *os.File
	var tmp string
	for range 10 {
		tmp = filepath.Join(dir, "."+filepath.Base(path)+"."+randomSuffix()+".tmp")
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err = f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// OpenAppend opens path for appending, creating it with mode 0600. A
// symbolic link is never followed, and an existing file is refused if it
// is not a regular file, not the current user's, or others can read or
// write it.
func OpenAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		if isLoop(err) {
			return nil, &Error{Path: path, Problem: "it is a symbolic link; give the real path"}
		}
		return nil, err
	}
	if err := checkOpen(path, f); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadFile reads a secret of at most max bytes from path. The file opened
// must be a regular file of the current user's that nobody else can read
// or write; otherwise an *Error says which chmod fixes it.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkOpen(path, f); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &Error{Path: path, Problem: fmt.Sprintf("it is larger than %d bytes", max)}
	}
	return b, nil
}

// checkOpen checks an opened file: regular, the caller's, private.
func checkOpen(path string, f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &Error{Path: path, Problem: "it is not a regular file"}
	}
	if err := checkOwner(path, fi); err != nil {
		return err
	}
	if privateModes && fi.Mode().Perm()&0o077 != 0 {
		return &Error{Path: path, Problem: fmt.Sprintf("other users can read or write it (mode %04o)", fi.Mode().Perm()), Fix: "chmod 600 " + shellQuote(path)}
	}
	return nil
}

// shellQuote quotes a path for a copy-pasted shell command when it needs it.
func shellQuote(p string) string {
	if strings.ContainsAny(p, " \t'\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
	}
	return p
}
