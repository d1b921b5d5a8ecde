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
// # Signature file, version 1
//
// Sign hashes the bundle with SHA-256 while streaming it from disk, so a
// bundle of any size needs a few kilobytes of memory, and writes BUNDLE.sig,
// a UTF-8 text file:
//
//	motcua-kiosk signature v1
//	algorithm ed25519-sha256
//	key-id 3f1c9a0b7d2e4f61
//	size 734003200
//	sha256 9b74c9897bac770ffc029102a200c5de…(64 hex digits)
//	signature <base64 of the 64-byte Ed25519 signature>
//
// The signature is pure Ed25519 (RFC 8032) over the first five lines exactly
// as shown, each ending in "\n": the format version, the algorithm, the key,
// the length and the digest are all signed. Verify never trusts the file's
// size and sha256 lines: it hashes the bundle itself, rebuilds those five
// lines from what it measured and from the public key it was given, and
// checks the signature over that. The size and sha256 lines only let it say
// what went wrong (a truncated bundle, a changed one) in words. A later
// format changes the first line (v2…); this version refuses any other with a
// sentence that says so.
//
// The same check in a shell, for an auditor:
//
//	head -n 5 bundle.sig > msg; tail -n 1 bundle.sig | cut -d' ' -f2 | base64 -d > sig
//	openssl pkeyutl -verify -pubin -inkey release.pub -rawin -in msg -sigfile sig
//	sha256sum bundle        # must equal the sha256 line
package sign
