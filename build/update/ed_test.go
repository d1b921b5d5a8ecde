package update

import "crypto/ed25519"

func signEd(priv ed25519.PrivateKey, msg string) []byte { return ed25519.Sign(priv, []byte(msg)) }
