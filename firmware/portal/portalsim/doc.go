// Package portalsim is a simulator of the portal contract v1 (DESIGN §5,
// firmware/portal/openapi.yaml): an http.Handler that answers like a
// province's adapter, with Vietnamese demo data of UBND xã Đồng Phúc, huyện
// Ba Bể, tỉnh Bắc Kạn.
//
// It serves the kiosk in demo mode (on loopback, DESIGN §9), the tests of
// every package that talks to a portal, and a technician checking a kiosk
// against a portal that misbehaves on demand: SetFault switches it between
// answering well, being down, slow, answering garbage or oversized bodies,
// failing with 500 and rate limiting, safely while it serves.
//
// The demo dossiers (DemoDossiers) cover every status of DESIGN §6, an
// overdue one, one behind the receipt's secret code, one submitted online,
// one by post and an old-style code holding "/". Their dates are placed
// around Opts.Now on every request, so an overdue dossier stays overdue and
// "due in 2 days" stays true whatever day the demo runs; their codes are
// fixed (and so their date part does not follow the dates).
//
// Besides the demos, a fixed seed generates a few hundred more dossiers
// (GeneratedDossiers, every status, some overdue, some behind a secret
// code) and a catalog of a few hundred procedures in two dozen fields, the
// same in every run so its ETag holds.
//
// The simulator logs, when given a logger, the route pattern, status and
// fault of each request, never the path: the path holds the dossier code.
package portalsim
