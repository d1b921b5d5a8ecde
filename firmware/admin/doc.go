// Package admin is the kiosk's HTTP admin endpoint for technicians and the
// fleet (DESIGN §10): Prometheus metrics, a health check and the usage
// report, over a handler built from small interfaces of package firmware,
// so that it knows nothing of storage, devices or screens.
//
//	GET /metrics                     Prometheus text format, from a registry of its own
//	GET /healthz                     200 "ok", or 503 with one problem a line
//	GET /api/v1/usage?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|json
//	                                 the staff report for those days, inclusive
//
// The endpoint is off by default; the main program serves it only when the
// configuration names a bind address, and with a token from the secrets
// file. Every route, unknown ones included, answers 401 with a
// WWW-Authenticate challenge unless the request carries
// "Authorization: Bearer <token>"; the token is compared in constant time.
// The endpoint speaks plain HTTP: bind it to a private address, or put it
// behind a TLS proxy or VPN when it crosses a network that others share.
//
// Metrics:
//
//	kiosk_build_info{version,goversion,kiosk_id}          1
//	kiosk_events_total{kind,outcome}                      counter, from the ledger's totals at scrape time
//	kiosk_ledger_queue_depth, kiosk_ledger_queue_capacity gauges
//	kiosk_ledger_dropped_events_total                     counter since start
//	kiosk_ledger_alert{alert}                             1 while the ledger has that trouble
//	kiosk_portal_up                                       1 or 0
//	kiosk_portal_check_latency_seconds, kiosk_portal_last_check_timestamp_seconds
//	kiosk_sensor_value{sensor}                            the last reading of each sensor
//
// with the Go runtime's and the process's standard metrics (go_*, process_*).
package admin
