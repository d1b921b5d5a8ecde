// Package portal is the kiosk's client of the portal contract v1 (DESIGN §5):
// a province runs a small adapter in front of its own system (iGate, the
// national portal's TraCuuHoSo, …) and the kiosk talks to it over HTTPS with
// JSON. openapi.yaml in this directory is the contract in OpenAPI 3.0 form and
// is embedded as OpenAPI; portal/portalsim serves the same contract with
// Vietnamese demo data.
//
// Client implements firmware.Portal (Health, Lookup) and adds Procedures
// (the catalog, with ETag revalidation) and SubmitRating.
//
// What the client guarantees, because a commune office has a slow link and
// the adapters are written by many hands:
//
//   - Every call has its own deadline (LookupTimeout, HealthTimeout,
//     SyncTimeout), so a slow portal turns into ETIMEOUT, never a hang. The
//     default HTTP client has no global timeout for the same reason: the
//     deadline belongs to the call, not to the connection pool.
//   - Bodies are read up to MaxBody (1 MiB); a longer answer is EBADANSWER,
//     never silently truncated and decoded.
//   - Answers are decoded strictly where it matters and leniently where the
//     contract allows: unknown fields are ignored, but a non-JSON body, a wrong
//     type, data after the JSON value or a missing required field (the domain's
//     Validate) is EBADANSWER. A dossier whose code is not the one asked for is
//     EBADANSWER too: showing a citizen someone else's dossier is worse than
//     showing an error.
//   - Every failure carries one of the firmware error codes, so screens pick
//     their sentence with firmware.ErrorCode and never match strings.
//   - Error messages reach logs, so they never contain the dossier code, the
//     receipt's secret or the device token (DESIGN §8). Transport errors are
//     stripped of the URL (which holds the code), and anything that could echo
//     the portal's words is scrubbed of those values; portal-written error
//     messages are never copied at all.
//   - Redirects are not followed: the contract has none, and following one
//     would hand X-Dossier-Secret to whatever host the redirect names.
//
// The receipt's secret travels only in the X-Dossier-Secret header and only
// when it is non-empty. The code travels in the path, escaped with
// url.PathEscape, so a code holding "/" arrives as one segment.
package portal
