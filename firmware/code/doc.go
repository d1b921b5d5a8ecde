// Package code turns what a citizen types or scans into a dossier code, or
// refuses it before any request is made (DESIGN §7).
//
// A scan may be a bare code or the URL of a receipt's QR code, whose query
// holds the code under code, mahoso, ma_ho_so or id, or whose last path
// segment is the code. Text is normalised to Unicode NFC, trimmed, stripped
// of spaces and upper-cased; a code is then 6 to 40 characters of A–Z, 0–9,
// '.', '-', '_' and '/'.
//
// Refusals never repeat the input: a mistyped code is still a citizen's code
// and must not reach the logs (DESIGN §8).
package code
