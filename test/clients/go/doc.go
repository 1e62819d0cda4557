// Package goclient holds a test suite that drives the kcache fake API server (or a real
// kube-apiserver) with client-go's default clientset, as Go programs and controllers use it.
// Everything lives in the _test.go files; see README.md.
package goclient
