package cli

import (
	"fmt"
	"io"
	"math"
	"sync"
	"time"
)

// throttleNotice is how long a 429 wait must be before the operator is
// told: shorter ones pass unnoticed.
const throttleNotice = 2 * time.Second

// throttleText is the one line said about a 429 wait.
func throttleText(wait time.Duration) string {
	return fmt.Sprintf("throttled by Partner Center, waiting %d s", int(math.Ceil(wait.Seconds())))
}

// throttleLine returns a client.Options.OnThrottle that prints one line on
// w for each wait longer than throttleNotice. Calls may come from several
// goroutines at once.
func throttleLine(w io.Writer) func(time.Duration) {
	var mu sync.Mutex
	return func(wait time.Duration) {
		if wait <= throttleNotice {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(w, "mcgdash: "+throttleText(wait))
	}
}
