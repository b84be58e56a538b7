// Package client is the one way mcgdash calls Partner Center's REST API;
// client/auth signs in through MSAL. It knows nothing of screens. Every
// string from a response that it hands out, in values or in errors, has
// passed through model.Sanitize.
package client
