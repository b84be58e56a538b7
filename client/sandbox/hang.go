package sandbox

// faultHang accepts a request and never answers it: the server reads the
// request and then waits until the client gives up or the sandbox closes.
const faultHang faultKind = 100

// HangNext makes the next n Partner Center requests hang: accepted, never
// answered, as a stuck front end does. A client must give up on its own
// deadline and say so.
func (s *Server) HangNext(n int) {
	s.faults.push(n, fault{kind: faultHang})
}
