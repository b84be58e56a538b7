package client

import (
	"context"
	"time"
)

type throttleHookKey struct{}

// WithThrottleHook makes calls with ctx report each 429 they wait out to
// f, with the server's Retry-After, before waiting; bulk work uses it to
// pause every worker, not only the one that was told, so that a throttle
// does not turn into a storm of 429s. f is called from the calling
// goroutine.
func WithThrottleHook(ctx context.Context, f func(wait time.Duration)) context.Context {
	return context.WithValue(ctx, throttleHookKey{}, f)
}

func throttleHook(ctx context.Context) func(time.Duration) {
	f, _ := ctx.Value(throttleHookKey{}).(func(time.Duration))
	return f
}
