package auth

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/cache"

	"github.com/mcgdash/mcgdash/internal/securefile"
)

// fileCache persists MSAL's token cache in one file. The file holds refresh
// tokens in plain text, so its mode is their only protection: it is written
// 0600 inside a 0700 directory, and a file or directory others can reach is
// refused rather than silently used or fixed.
type fileCache struct {
	path string
}

var _ cache.ExportReplace = (*fileCache)(nil)

// emptyCache resets MSAL's in-memory cache when the file is gone, so a
// logout in another process is seen here too.
var emptyCache = []byte("{}")

// Replace loads the file into MSAL's cache.
func (f *fileCache) Replace(ctx context.Context, u cache.Unmarshaler, _ cache.ReplaceHints) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := f.checkPrivate(); err != nil {
		return err
	}
	// securefile also refuses a file of another user's.
	data, err := securefile.ReadFile(f.path, maxCacheSize)
	if errors.Is(err, fs.ErrNotExist) {
		return u.Unmarshal(emptyCache)
	}
	if err != nil {
		return fmt.Errorf("read token cache: %w", err)
	}
	if err := u.Unmarshal(data); err != nil {
		// A damaged file must not lock the operator out: start empty, and the
		// next sign-in rewrites it.
		return u.Unmarshal(emptyCache)
	}
	return nil
}

// Export writes MSAL's cache atomically: a temporary file in the same
// directory, created 0600 with O_EXCL|O_NOFOLLOW, then renamed over the old
// one, so a crash never leaves a half-written cache, the tokens are never
// readable by others and a planted link is never written through.
func (f *fileCache) Export(ctx context.Context, m cache.Marshaler, _ cache.ExportHints) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := m.Marshal()
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("create token cache directory: %w", err)
	}
	if err := f.checkPrivate(); err != nil {
		return err
	}
	// A new 0600 file created without following links, renamed into place,
	// after the directory was checked to be the operator's, 0700 and not a
	// link (securefile).
	if err := securefile.WriteFile(f.path, data); err != nil {
		return fmt.Errorf("write token cache: %w", err)
	}
	return nil
}

// maxCacheSize bounds the token cache read: a few accounts' tokens are a
// few kilobytes.
const maxCacheSize = 16 << 20

// remove deletes the cache file; a file already gone is fine.
func (f *fileCache) remove() error {
	if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete token cache: %w", err)
	}
	return nil
}

// checkPrivate refuses a cache directory or file that group or others can
// read or write, and says how to fix it. Windows has no such mode bits; its
// per-user profile directory protects the file instead.
func (f *fileCache) checkPrivate() error {
	if runtime.GOOS == "windows" {
		return nil
	}
	dir := filepath.Dir(f.path)
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("token cache directory %s is not a directory", dir)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return &PermissionError{Path: dir, Mode: fi.Mode().Perm(), Fix: "chmod 700 " + shellQuote(dir)}
		}
	}
	fi, err := os.Lstat(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("token cache %s is not a regular file (a symbolic link is not accepted): remove it and sign in again", f.path)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return &PermissionError{Path: f.path, Mode: fi.Mode().Perm(), Fix: "chmod 600 " + shellQuote(f.path)}
	}
	return nil
}

// PermissionError says that the token cache, or its directory, can be
// reached by other users, and the command that fixes it.
type PermissionError struct {
	Path string
	Mode fs.FileMode
	// Fix is a shell command, e.g. "chmod 600 /home/op/.cache/mcgdash/…".
	Fix string
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("refusing to use the token cache: %s has mode %04o, so other users could read or change your sign-in; run `%s` and try again",
		e.Path, e.Mode, e.Fix)
}

// shellQuote quotes a path for a copy-pasted shell command when it needs it.
func shellQuote(p string) string {
	if strings.ContainsAny(p, " \t'\"$`\\!*?[]{}()<>|&;#~") {
		return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
	}
	return p
}
