// Package sign signs kiosk update bundles with Ed25519 and verifies them:
// kioskctl keygen, sign and verify, and later kiosk update.
//
// # Keys
//
// GenerateKeyFiles writes a key pair as two PEM files that OpenSSL also reads:
//
//	PREFIX.key  -----BEGIN PRIVATE KEY-----   PKCS #8 (RFC 8410), mode 0600
//	PREFIX.pub  -----BEGIN PUBLIC KEY-----    SubjectPublicKeyInfo, mode 0644
//
// The private key is not encrypted: keep it on the signing machine only.
// LoadPrivateKey refuses a key file that group or others can read, as ssh does.
// A key's ID is the first 16 hex digits of the SHA-256 of its 32-byte public key.
//
// # Signature file, version 2
//
// Only the kiosk's Debian packages are signed. SignFile reads the
// package's control file (Package, Version, Architecture), hashes the
// whole file with SHA-256 while streaming it from disk, and writes
// BUNDLE.sig, a UTF-8 text file:
//
//	motcua-kiosk signature v2
//	algorithm ed25519-sha256
//	key-id 3f1c9a0b7d2e4f61
//	package motcua-kiosk
//	version 1.4.0
//	architecture arm64
//	size 734003200
//	sha256 9b74c9897bac770ffc029102a200c5de…(64 hex digits)
//	signature <base64 of the 64-byte Ed25519 signature>
//
// The signature is pure Ed25519 (RFC 8032) over the first eight lines
// exactly as shown, each ending in "\n": the format, the algorithm, the
// key, which package and version for which architecture, the length and
// the digest are all signed, so a kiosk can refuse an older version even
// when it is signed (kiosk update does). Verify never trusts the file's
// lines: it measures the bundle itself, rebuilds the signed text from
// what it measured, the package's own control file and the public key it
// was given, and checks the signature over that. The file's lines only
// let it say what went wrong (a truncated bundle, a changed one, a
// relabelled version) in words.
//
// Version 1 signed only the size and the digest; it is refused
// (ErrOldFormat) with a sentence asking to re-sign the bundle. A later
// format changes the first line (v3…); this version refuses any other
// with a sentence that says so.
//
// The same check in a shell, for an auditor:
//
//	head -n 8 bundle.sig > msg; tail -n 1 bundle.sig | cut -d' ' -f2 | base64 -d > sig
//	openssl pkeyutl -verify -pubin -inkey release.pub -rawin -in msg -sigfile sig
//	sha256sum bundle        # must equal the sha256 line
package sign
