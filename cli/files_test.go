package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestSandboxKeyNeverWrittenThroughALink: another user who controls the
// cache directory must not be able to make mcgdash overwrite a file of the
// operator's by planting a link where sandbox.key goes.
func TestSandboxKeyNeverWrittenThroughALink(t *testing.T) {
	base := t.TempDir()
	victim := filepath.Join(base, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)

	// A directory others can write: refused before anything is written.
	open := filepath.Join(base, "open")
	os.Mkdir(open, 0o700)
	os.Chmod(open, 0o777)
	os.Symlink(victim, filepath.Join(open, "sandbox.key"))
	if _, err := sandboxKey(open); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("got %v, want the directory refused with chmod 700", err)
	}

	// The directory itself a link: refused.
	link := filepath.Join(base, "link")
	os.Symlink(open, link)
	if _, err := sandboxKey(link); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("got %v, want a linked directory refused", err)
	}

	// A private directory with a planted link: the link is replaced, the
	// victim untouched, the key a private regular file.
	priv := filepath.Join(base, "priv")
	os.Mkdir(priv, 0o700)
	os.Symlink(victim, filepath.Join(priv, "sandbox.key"))
	key, err := sandboxKey(priv)
	if err != nil || len(key) < 32 {
		t.Fatalf("%d-byte key, %v", len(key), err)
	}
	fi, _ := os.Lstat(filepath.Join(priv, "sandbox.key"))
	if !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
		t.Fatalf("sandbox.key is %v", fi.Mode())
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Fatalf("the link's target was overwritten")
	}
	again, err := sandboxKey(priv)
	if err != nil || string(again) != string(key) {
		t.Fatalf("the key is not kept: %v", err)
	}
}

// endpoint is a loopback Partner Center that counts the calls it gets.
func endpoint(t *testing.T) (string, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Write([]byte("\ufeff{\"totalCount\":0,\"items\":[],\"links\":{}}"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}

func TestAccessTokenFileMustBePrivate(t *testing.T) {
	isolate(t)
	url, calls := endpoint(t)
	f := filepath.Join(t.TempDir(), "token")
	os.WriteFile(f, []byte("eyJsecret\n"), 0o600)
	os.Chmod(f, 0o644)
	code, _, errOut := run(t, "customers", "--partner-center-url", url, "--access-token-file", f)
	if code != exitError || !strings.Contains(errOut, "chmod 600 "+f) || !strings.Contains(errOut, "0644") {
		t.Fatalf("exit %d, stderr %q; want the file refused with the chmod", code, errOut)
	}
	if calls.Load() != 0 {
		t.Error("the token was sent although its file was refused")
	}
	os.Chmod(f, 0o600)
	if code, _, errOut := run(t, "customers", "--partner-center-url", url, "--access-token-file", f); code != 0 {
		t.Fatalf("a private token file: exit %d, %s", code, errOut)
	}
}

func TestLogFileRefusals(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_ACCESS_TOKEN", "t")
	url, _ := endpoint(t)
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	link := filepath.Join(dir, "link.log")
	os.Symlink(victim, link)
	shared := filepath.Join(dir, "shared.log")
	os.WriteFile(shared, nil, 0o600)
	os.Chmod(shared, 0o644)
	for path, want := range map[string]string{link: "symbolic link", shared: "chmod 600 " + shared} {
		code, _, errOut := run(t, "customers", "--partner-center-url", url, "--log-file", path)
		if code != exitError || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q; want %q", path, code, errOut, want)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the log followed a link: %q", b)
	}
	ok := filepath.Join(dir, "ok.log")
	if code, _, errOut := run(t, "customers", "--partner-center-url", url, "--log-file", ok); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, err := os.Stat(ok); err != nil || fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
		t.Errorf("log %v, %v", fi, err)
	}
}

// TestConfigOutputIsSanitised: values from flags, environment and config
// file reach the terminal without their escape sequences.
func TestConfigOutputIsSanitised(t *testing.T) {
	isolate(t)
	t.Setenv("MCGDASH_TENANT", "contoso\x1b]52;c;cm0gLXJmIH4=\x07.onmicrosoft.de")
	t.Setenv("MCGDASH_CLIENT_ID", "abc\u202edef")
	code, out, errOut := run(t, "config")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.ContainsAny(out+errOut, "\x1b\x07\u202e") {
		t.Errorf("config output carries escapes: %q", out)
	}
	if !strings.Contains(out, "contoso") {
		t.Errorf("config output lacks the tenant: %q", out)
	}

	cfg := filepath.Join(t.TempDir(), "mcgdash\x1b[2J.toml")
	os.WriteFile(cfg, []byte("frobnicate = \"\x1b]8;;http://evil\x07x\"\n"), 0o600)
	t.Setenv("MCGDASH_TENANT", "")
	code, _, errOut = run(t, "--config", cfg, "customers")
	if code == 0 || strings.ContainsAny(errOut, "\x1b\x07") || !strings.Contains(errOut, "config file") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
