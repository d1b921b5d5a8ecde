// Package firmware holds the kiosk's domain: dossiers and their national status
// codes, procedures, portal health, usage events, the error codes every layer
// speaks, and the interfaces that the adapters (portal client, storage, devices,
// screens) implement or consume.
//
// It imports only the standard library. Every other package of the kiosk
// imports it; it imports nothing of ours.
package firmware
