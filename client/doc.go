// Package client is the one way mcgdash talks HTTP: Partner Center's REST
// API, Microsoft Graph and the sign-in authority. It knows nothing of
// screens. Every string it hands out has passed through model.Sanitize.
package client
